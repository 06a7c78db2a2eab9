using R1Omni.Checkpoints;
using R1Omni.Cli;

namespace R1Omni.Tests.Inference;

public class CheckCommandTests
{
    static (int rc, string output) Check(string dir)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = CommandRegistry.Main(["check", "--model", dir], stdout, stderr);
        return (rc, stdout + stderr.ToString());
    }

    [Fact]
    public void AGoodCheckpointPassesAndTheParityCaseToo()
    {
        var (rc, output) = Check(TinyCheckpoint.Path);
        Assert.True(rc == 0, output);
        Assert.Contains("ok: the checkpoint matches its config", output);
        var (rc2, output2) = Check(TestPaths.Fixture("parity", "humanomni"));
        Assert.True(rc2 == 0, output2);
        Assert.Contains("ignored", output2); // the fixture carries the bf16 tower copies
    }

    /// <summary>A copy of the tiny checkpoint whose model.safetensors is rewritten by <paramref name="rewrite"/> (null drops a key).</summary>
    static string Altered(Func<string, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor?> rewrite)
    {
        string dir = TestPaths.CopyOf(TinyCheckpoint.Path);
        string path = Path.Combine(dir, "model.safetensors");
        List<KeyValuePair<string, TorchSharp.torch.Tensor>> tensors;
        using (var file = SafetensorsFile.Open(path))
            tensors = file.Tensors.Keys.Select(k => (k, v: rewrite(k, file.Load(k)))).Where(t => t.v is not null)
                .Select(t => KeyValuePair.Create(t.k, t.v!)).ToList();
        SafetensorsWriter.Save(path, tensors);
        return dir;
    }

    [Fact]
    public void AWrongShapeAndAMissingTensorAreReported()
    {
        string dir = Altered((k, v) => k == "model.norm.weight" ? null : k == "model.layers.0.mlp.up_proj.weight" ? TorchSharp.torch.zeros(3, 3) : v);
        var (rc, output) = Check(dir);
        Assert.Equal(1, rc);
        Assert.Contains("missing 'model.norm.weight'", output);
        Assert.Contains("'model.layers.0.mlp.up_proj.weight' has shape [3, 3]", output);
    }

    [Fact]
    public void AFloatWeightStoredAsIntegersIsReportedAndRefusedByTheLoader()
    {
        const string key = "model.layers.0.mlp.up_proj.weight";
        string dir = Altered((k, v) => k == key ? v.to_type(TorchSharp.torch.ScalarType.Int32) : v);
        var (rc, output) = Check(dir);
        Assert.Equal(1, rc);
        Assert.Contains($"'{key}' is stored as I32 (integer) where the model holds a BFloat16 (floating-point) tensor", output);

        var e = Assert.Throws<R1OmniException>(() => R1Omni.Inference.HumanOmniInference.Load(dir, TorchSharp.torch.ScalarType.Float32, TorchSharp.torch.CPU));
        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains("stored as I32 (integer) where the model holds a Float32 (floating-point) tensor", e.Message);
    }
}
