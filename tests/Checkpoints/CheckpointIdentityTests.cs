using R1Omni.Checkpoints;
using R1Omni.Tests.Inference;

namespace R1Omni.Tests.Checkpoints;

public class CheckpointIdentityTests
{
    [Fact]
    public void ACopyIsTheSameCheckpointAndAnyChangedTopLevelByteIsAnother()
    {
        string copy = TestPaths.NewTempDir();
        foreach (string file in Directory.EnumerateFiles(TinyCheckpoint.Path))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        string identity = CheckpointIdentity.Of(TinyCheckpoint.Path);
        Assert.Equal(16, identity.Length);
        Assert.Equal(identity, CheckpointIdentity.Of(copy));                            // the folder's path is not part of it

        Directory.CreateDirectory(Path.Combine(copy, "bert"));
        File.WriteAllText(Path.Combine(copy, "bert", "config.json"), "{}");
        Assert.Equal(identity, CheckpointIdentity.Of(copy));                            // subfolders are not read

        string weights = Directory.EnumerateFiles(copy, "*.safetensors").First();
        byte[] bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 1;                                                                 // one bit of one weight
        File.WriteAllBytes(weights, bytes);
        Assert.NotEqual(identity, CheckpointIdentity.Of(copy));

        var e = Assert.Throws<R1OmniException>(() => CheckpointIdentity.Of(TestPaths.NewTempDir()));
        Assert.Contains("no checkpoint files", e.Message);
    }
}
