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

    [Fact]
    public void AWrongShapeAndAMissingTensorAreReported()
    {
        string dir = TestPaths.NewTempDir();
        foreach (string file in Directory.EnumerateFiles(TinyCheckpoint.Path, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(dir, Path.GetRelativePath(TinyCheckpoint.Path, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        string path = Path.Combine(dir, "model.safetensors");
        List<KeyValuePair<string, TorchSharp.torch.Tensor>> tensors;
        using (var file = SafetensorsFile.Open(path))
            tensors = file.Tensors.Keys.Where(k => k != "model.norm.weight")
                .Select(k => KeyValuePair.Create(k, k == "model.layers.0.mlp.up_proj.weight" ? TorchSharp.torch.zeros(3, 3) : file.Load(k))).ToList();
        SafetensorsWriter.Save(path, tensors);
        var (rc, output) = Check(dir);
        Assert.Equal(1, rc);
        Assert.Contains("missing 'model.norm.weight'", output);
        Assert.Contains("'model.layers.0.mlp.up_proj.weight' has shape [3, 3]", output);
    }
}
