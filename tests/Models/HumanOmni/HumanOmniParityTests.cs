using R1Omni.Checkpoints;
using R1Omni.Cli;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models.HumanOmni;

/// <summary>
/// The whole HumanOmni forward against tests/fixtures/parity/humanomni (unmodified R1-Omni code, fp32), through the
/// `dump` command. Tolerances from the case: 1e-4 for intermediates (observed fp32-vs-fp64 ≤ 9.4e-6), 5e-4 for the
/// LLM logits (observed 4.9e-5), greedy ids exact (smallest top-2 margin 0.025).
/// </summary>
public class HumanOmniParityTests
{
    static readonly string Case = TestPaths.Fixture("parity", "humanomni");
    static readonly Lazy<string> Dumped = new(() =>
    {
        string outFile = Path.Combine(TestPaths.NewTempDir("humanomni-dump"), "out.safetensors");
        var stderr = new StringWriter();
        int rc = CommandRegistry.Main(["dump", "--model", Case, "--inputs", Path.Combine(Case, "inputs.safetensors"), "--out", outFile], new StringWriter(), stderr);
        if (rc != 0) throw new InvalidOperationException(stderr.ToString());
        return outFile;
    });

    [Theory]
    [InlineData("vision.features", 1e-4)]
    [InlineData("projector.video", 1e-4)]
    [InlineData("projector.body", 1e-4)]
    [InlineData("projector.face", 1e-4)]
    [InlineData("projector.face_mlp", 1e-4)]
    [InlineData("bert.cls", 1e-4)]
    [InlineData("gate.logits", 1e-4)]
    [InlineData("gate.probs", 1e-4)]
    [InlineData("projector.fused", 1e-4)]
    [InlineData("audio.encoder", 1e-4)]
    [InlineData("audio.pooled", 1e-4)]
    [InlineData("audio.tokens", 1e-4)]
    [InlineData("llm.inputs_embeds", 1e-4)]
    [InlineData("llm.logits", 5e-4)]
    public void IntermediateMatchesTheReference(string name, double tolerance)
    {
        using var got = SafetensorsFile.Open(Dumped.Value);
        using var expected = SafetensorsFile.Open(Path.Combine(Case, "expected.safetensors"));
        using var a = got.Load(name);
        using var e = expected.Load(name);
        Assert.Equal(e.shape, a.shape);
        double diff = (a - e).abs().max().item<float>();
        Assert.True(diff <= tolerance, $"{name}: max |Δ| = {diff:E2} > {tolerance:E0}");
    }

    [Fact]
    public void GreedyIdsAreIdentical()
    {
        using var got = SafetensorsFile.Open(Dumped.Value);
        using var expected = SafetensorsFile.Open(Path.Combine(Case, "expected.safetensors"));
        Assert.Equal(expected.Load("llm.greedy_ids").data<long>().ToArray(), got.Load("llm.greedy_ids").data<long>().ToArray());
    }
}
