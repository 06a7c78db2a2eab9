using System.Diagnostics;
using System.Text.Json;
using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Generation;
using R1Omni.Models.Qwen2;
using R1Omni.Prompts;
using R1Omni.Runtime;
using R1Omni.Tokenizers;

namespace R1Omni.Cli.Commands;

/// <summary>
/// `r1omni demo`: a tiny end-to-end text generation through every foundation piece — the real Qwen2.5 tokenizer,
/// the chat template, a Qwen2 decoder with the real vocabulary and random weights written to and reloaded from
/// an HF folder, and streamed sampling with the KV cache. The text is meaningless (random weights); the demo shows
/// the pipeline runs and how fast.
/// </summary>
public sealed class DemoCommand : ICommand
{
    public string Name => "demo";
    public string Summary => "tiny end-to-end generation demo (real tokenizer + chat template, random-weight Qwen2)";
    public string Usage => """
        usage: environment/r1omni demo [--out runs/demo] [--seed 0] [--new 48] [--dtype fp32|bf16]
          Writes an HF-layout checkpoint of a tiny random Qwen2 (hidden 64, 2 layers, real 151,936-token vocabulary)
          to OUT/model, reloads it, renders the R1-Omni instruct with the Qwen2.5 chat template, and streams a
          sampled continuation (temperature 1, top-k 50). Prints timings and writes OUT/demo.json.
        """;

    public int Run(CommandArgs args)
    {
        string outDir = Path.GetFullPath(args.Get("out", Path.Combine(AppPaths.RepoRoot, "runs", "demo")));
        int seed = args.GetInt("seed", 0), newTokens = args.GetInt("new", 48);
        string dtypeName = args.Choice("dtype", "fp32", ComputeDtype.Names);
        args.EnsureAllUsed();
        args.Out.WriteLine(TorchRuntime.EnsureLoaded());
        var dtype = ComputeDtype.Parse(dtypeName, TorchSharp.torch.CPU);
        var sw = Stopwatch.StartNew();

        var tokenizer = Qwen2Tokenizer.Load(Path.Combine(AppPaths.DataDir, "tokenizers", "qwen2"));
        args.Out.WriteLine($"tokenizer   Qwen2 byte-level BPE, {tokenizer.VocabSize} tokens ({sw.Elapsed.TotalSeconds:F2} s)");

        string modelDir = Path.Combine(outDir, "model");
        Directory.CreateDirectory(modelDir);
        var config = Qwen2Config.FromJson(JsonDocument.Parse(TinyConfigJson).RootElement, "demo preset");
        using (var fresh = new Qwen2ForCausalLM(config))
        {
            fresh.InitWeights(seed);
            File.WriteAllText(Path.Combine(modelDir, "config.json"), TinyConfigJson);
            SafetensorsWriter.Save(Path.Combine(modelDir, "model.safetensors"), StateDict.Of(fresh));
        }
        using var model = Qwen2ForCausalLM.FromPretrained(modelDir, dtype);
        long parameters = model.parameters().Sum(p => p.NumberOfElements);
        args.Out.WriteLine($"model       Qwen2, {parameters / 1e6:F1} M parameters, random weights (seed {seed}), written to and reloaded from {modelDir}");

        string prompt = ChatTemplate.For(ChatTemplateKind.Qwen2_5).Render([ChatMessage.User(R1OmniPrompts.DemoInstruct)], addGenerationPrompt: true);
        int[] ids = tokenizer.Encode(prompt);
        args.Out.WriteLine($"prompt      {ids.Length} tokens (Qwen2.5 chat template):");
        args.Out.WriteLine(Indent(prompt));
        args.Out.Write("response    ");
        var options = new GenerationOptions
        {
            MaxNewTokens = newTokens, DoSample = true, Temperature = 1.0, TopK = 50, Seed = seed,
            EosTokenIds = [tokenizer.ImEndId, tokenizer.EndOfTextId], PadTokenId = tokenizer.EndOfTextId,
        };
        var streamed = new List<int>();
        string shown = "";
        var result = GenerationEngine.Generate(model, [ids], options, onToken: (_, token) =>
        {
            streamed.Add(token);
            string text = tokenizer.Decode(streamed, skipSpecialTokens: true);
            if (text.Length > shown.Length && !text.EndsWith('\uFFFD')) { args.Out.Write(text[shown.Length..]); shown = text; }
        });
        args.Out.WriteLine();
        double tokS = (result.Tokens[0].Length - 1) / Math.Max(result.DecodeSeconds, 1e-9);
        args.Out.WriteLine($"generated   {result.Tokens[0].Length} tokens ({result.FinishReasons[0]}); prefill {result.PrefillSeconds * 1e3:F0} ms, decode {tokS:F0} tok/s, total {sw.Elapsed.TotalSeconds:F1} s");

        var summary = new
        {
            prompt, prompt_tokens = ids.Length, response = tokenizer.Decode(result.Tokens[0], skipSpecialTokens: true),
            response_ids = result.Tokens[0], finish_reason = result.FinishReasons[0].ToString(), seed, dtype = dtypeName,
            prefill_s = result.PrefillSeconds, decode_s = result.DecodeSeconds,
        };
        File.WriteAllText(Path.Combine(outDir, "demo.json"), JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
        args.Out.WriteLine($"wrote       {Path.Combine(outDir, "demo.json")}");
        return 0;
    }

    static string Indent(string s) => string.Join("\n", s.Split('\n').Select(l => "  │ " + l));

    const string TinyConfigJson = """
        {
          "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2",
          "vocab_size": 151936, "hidden_size": 64, "intermediate_size": 128,
          "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
          "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "tie_word_embeddings": true, "hidden_act": "silu",
          "max_position_embeddings": 32768, "bos_token_id": 151643, "eos_token_id": 151645,
          "sliding_window": null, "use_sliding_window": false, "torch_dtype": "float32"
        }
        """;
}
