using R1Omni.Checkpoints;
using TorchSharp;

namespace R1Omni.Tests.Checkpoints;

public class SafetensorsErrorTests
{
    readonly string dir = TestPaths.NewTempDir();

    R1OmniException OpenFails(string header, int dataBytes)
    {
        string path = RawSafetensors.Write(dir, header, new byte[dataBytes]);
        var e = Assert.Throws<R1OmniException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, e.Message);
        return e;
    }

    [Fact]
    public void MissingKeyNamesTheFileTheKeyAndNearbyKeys()
    {
        string path = Path.Combine(dir, "k.safetensors");
        SafetensorsWriter.Save(path, [new("model.norm.weight", torch.ones(2)), new("model.embed_tokens.weight", torch.ones(2))]);
        using var file = SafetensorsFile.Open(path);
        var e = Assert.Throws<R1OmniException>(() => file.Load("model.norm.bias"));
        Assert.Contains(path, e.Message);
        Assert.Contains("'model.norm.bias'", e.Message);
        Assert.Contains("model.norm.weight", e.Message);
        using var reader = CheckpointReader.Open(path);
        var r = Assert.Throws<R1OmniException>(() => reader.Info("norm.weight"));
        Assert.Contains(path, r.Message);
        Assert.Contains("'norm.weight'", r.Message);
        Assert.Contains("model.norm.weight", r.Message);
    }

    [Fact]
    public void UnknownDtypeListsTheSupportedOnes()
    {
        var e = OpenFails("""{"w":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}}""", 4);
        Assert.Contains("'w'", e.Message);
        Assert.Contains("F8_E4M3", e.Message);
        Assert.Contains("BOOL, U8, I8, I16, I32, I64, F16, BF16, F32, F64", e.Message);
    }

    [Fact]
    public void TruncatedDataIsReported()
    {
        var e = OpenFails("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 10);
        Assert.Contains("'w'", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TruncatedHeaderIsReported()
    {
        string path = RawSafetensors.Write(dir, """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[4]);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..20]);
        var e = Assert.Throws<R1OmniException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        File.WriteAllBytes(path, bytes[..5]);
        Assert.Contains("truncated", Assert.Throws<R1OmniException>(() => SafetensorsFile.Open(path)).Message);
    }

    [Fact]
    public void CorruptHeaderJsonIsReported()
    {
        var e = OpenFails("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]""", 4);
        Assert.Contains("corrupt safetensors header", e.Message);
        Assert.Contains("corrupt safetensors header", OpenFails("[1, 2]", 0).Message);
    }

    [Fact]
    public void OverlappingOffsetsNameBothTensors()
    {
        var e = OpenFails("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12);
        Assert.Contains("overlap", e.Message);
        Assert.Contains("'a'", e.Message);
        Assert.Contains("'b'", e.Message);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "needs 12")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", "out of order")]
    [InlineData("""{"w":{"shape":[2],"data_offsets":[0,8]}}""", "'dtype'")]
    [InlineData("""{"w":{"dtype":"F32","data_offsets":[0,8]}}""", "'shape'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2]}}""", "'data_offsets'")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "non-negative")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,0]}}""", "overflows a 64-bit byte count")]   // 2^62 × 4 bytes wraps to 0
    [InlineData("""{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}}""", "overflows")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", "twice")]
    [InlineData("""{"__metadata__":{"format":1},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "__metadata__.format")]
    public void MalformedEntriesAreNamed(string header, string expected)
    {
        Assert.Contains(expected, OpenFails(header, 16).Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        string path = Path.Combine(dir, "none.safetensors");
        Assert.Contains(path, Assert.Throws<R1OmniException>(() => SafetensorsFile.Open(path)).Message);
        Assert.Contains(path, Assert.Throws<R1OmniException>(() => CheckpointReader.Open(path)).Message);
    }
}
