using R1Omni.Checkpoints;
using R1Omni.Config;
using static TorchSharp.torch;

namespace R1Omni.Tests.Models.Projector;

/// <summary>The humanomni parity case (tests/fixtures/parity/humanomni): configs, weights and expected tensors.</summary>
static class HumanOmniCase
{
    public static readonly string Folder = TestPaths.Fixture("parity", "humanomni");

    /// <summary>The reference's own fp32-vs-fp64 error is at most 6.7e-6 on these tensors (case.md).</summary>
    public const double Tolerance = 1e-4;

    public static HumanOmniConfig Config() => ModelConfig.Load<HumanOmniConfig>(Folder);

    /// <summary>The tiny BERT's hyper-parameters live only in bert/config.json.</summary>
    public static BertConfig Bert() => ModelConfig.Load<BertConfig>(Path.Combine(Folder, "bert"));

    public static CheckpointReader Weights() => CheckpointReader.Open(Folder);

    public static Tensor Expected(string name)
    {
        using var file = SafetensorsFile.Open(Path.Combine(Folder, "expected.safetensors"));
        return file.Load(name);
    }

    /// <summary>Max |actual − expected| in fp32, after checking the shapes agree.</summary>
    public static double MaxDiff(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var diff = (actual.to(ScalarType.Float32) - expected).abs().max();
        return diff.item<float>();
    }
}
