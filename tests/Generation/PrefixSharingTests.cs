using R1Omni.Generation;
using R1Omni.Tests.Models;
using static TorchSharp.torch;

namespace R1Omni.Tests.Generation;

public class PrefixSharingTests
{
    [Fact]
    public void GroupSamplesEqualIndependentRunsWithTheSameSeedStreams()
    {
        using var model = TinyQwen2.Model(seed: 11);
        int[] prompt = [5, 17, 33, 8, 61, 22, 9, 40];
        var options = new GenerationOptions { MaxNewTokens = 10, DoSample = true, Temperature = 1.0, TopK = 20, TopP = 0.95, Seed = 1234 };
        using var _ = inference_mode();
        using var embeds = model.Embed(tensor(prompt.Select(v => (long)v).ToArray()).unsqueeze(0));
        const int G = 4;
        var group = GenerationEngine.GenerateGroup(model, embeds, G, options);
        for (int r = 0; r < G; r++)
        {
            var alone = GenerationEngine.Generate(model, [prompt], options, rowSeeds: [options.SeedForRow(r)]);
            Assert.Equal(alone.Tokens[0], group.Tokens[r]);
        }
        // Distinct seed streams give distinct samples (10 tokens from a 97-token vocabulary).
        Assert.True(group.Tokens.Select(t => string.Join(",", t)).Distinct().Count() > 1);
    }

    [Fact]
    public void SamplingIsReproducibleForAFixedSeed()
    {
        using var model = TinyQwen2.Model(seed: 11);
        var options = new GenerationOptions { MaxNewTokens = 12, DoSample = true, Seed = 7 };
        var a = GenerationEngine.Generate(model, [[3, 4, 5]], options);
        var b = GenerationEngine.Generate(model, [[3, 4, 5]], options);
        Assert.Equal(a.Tokens[0], b.Tokens[0]);
        var c = GenerationEngine.Generate(model, [[3, 4, 5]], options with { Seed = 8 });
        Assert.NotEqual(a.Tokens[0], c.Tokens[0]);
    }

    [Fact]
    public void RowsStopAtTheirOwnEosAndStreamTokens()
    {
        using var model = TinyQwen2.Model(seed: 13);
        var free = GenerationEngine.Generate(model, [[5, 6, 7], [50, 51]], new GenerationOptions { MaxNewTokens = 6 });
        // Declare a token of row 0 an EOS: each row stops at its own first occurrence of it, or runs to the limit.
        int eos = free.Tokens[0][2];
        var streamed = new List<(int, int)>();
        var stopped = GenerationEngine.Generate(model, [[5, 6, 7], [50, 51]], new GenerationOptions { MaxNewTokens = 6, EosTokenIds = [eos] },
                                                onToken: (row, token) => streamed.Add((row, token)));
        for (int b = 0; b < 2; b++)
        {
            int cut = Array.IndexOf(free.Tokens[b], eos);
            Assert.Equal(cut < 0 ? free.Tokens[b] : free.Tokens[b][..(cut + 1)], stopped.Tokens[b]);
            Assert.Equal(cut < 0 ? FinishReason.Length : FinishReason.Eos, stopped.FinishReasons[b]);
        }
        Assert.Equal(stopped.TotalNewTokens, streamed.Count);
        Assert.Equal(stopped.Tokens[0], streamed.Where(s => s.Item1 == 0).Select(s => s.Item2).ToArray());
    }

    [Fact]
    public void MinNewTokensSuppressesEos()
    {
        using var model = TinyQwen2.Model(seed: 13);
        var free = GenerationEngine.Generate(model, [[5, 6, 7]], new GenerationOptions { MaxNewTokens = 6 });
        int eos = free.Tokens[0][0];
        var r = GenerationEngine.Generate(model, [[5, 6, 7]], new GenerationOptions { MaxNewTokens = 6, MinNewTokens = 3, EosTokenIds = [eos] });
        Assert.True(r.Tokens[0].Length >= 3);
        Assert.DoesNotContain(eos, r.Tokens[0][..2]);
    }
}
