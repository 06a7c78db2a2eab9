using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using R1Omni.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Tests.Checkpoints;

public class SafetensorsRoundTripTests
{
    /// <summary>One tensor per dtype with awkward values, plus a 0-d scalar and an empty tensor.</summary>
    static List<KeyValuePair<string, Tensor>> EveryDtype()
    {
        var floats = torch.tensor(new[] { 0f, -0f, 1.5f, -2.25f, float.NaN, float.PositiveInfinity, float.NegativeInfinity,
                                          1e-40f, 65504f, 3.3895314e38f, 1e-3f, 7f });
        return new List<KeyValuePair<string, Tensor>>
        {
            new("bool", torch.tensor(new[] { true, false, true, true, false, false }).reshape(2, 3)),
            new("u8", torch.arange(0, 256, dtype: ScalarType.Int32).to(ScalarType.Byte).reshape(16, 16)),
            new("i8", torch.arange(-128, 128, dtype: ScalarType.Int32).to(ScalarType.Int8).reshape(4, 64)),
            new("i16", torch.tensor(new short[] { short.MinValue, -1, 0, 1, short.MaxValue, 12345 })),
            new("i32", torch.tensor(new[] { int.MinValue, -7, 0, 7, int.MaxValue, 1 << 20 }).reshape(3, 2)),
            new("i64", torch.tensor(new[] { long.MinValue, -1L, 0L, 1L, long.MaxValue, 1L << 40 }).reshape(1, 2, 3)),
            new("f16", floats.to(ScalarType.Float16).reshape(3, 4)),
            new("bf16", floats.to(ScalarType.BFloat16).reshape(4, 3)),
            new("f32", floats.reshape(2, 2, 3)),
            new("f64", torch.tensor(new[] { Math.PI, -0.0, double.NaN, double.Epsilon, double.MaxValue, 1e-300 })),
            new("scalar", torch.tensor(2.5f)),
            new("empty", torch.zeros(new long[] { 0, 5 }, dtype: ScalarType.BFloat16)),
        };
    }

    [Fact]
    public void EveryDtypeRoundTripsBitIdentically()
    {
        var tensors = EveryDtype();
        string path = Path.Combine(TestPaths.NewTempDir(), "all.safetensors");
        SafetensorsWriter.Save(path, tensors);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(tensors.Select(p => p.Key).Order(), file.Tensors.Keys.Order());
        foreach (var (name, expected) in tensors)
        {
            var info = file.Tensors[name];
            Assert.Equal(SafetensorsDtypes.FromScalarType(expected.dtype), info.Dtype);
            Assert.Equal(expected.shape, info.Shape);
            using var actual = file.Load(name);
            TensorAssert.BitIdentical(expected, actual, name);
            Assert.True(expected.bytes.SequenceEqual(file.Bytes(name)), $"{name}: raw bytes differ");
        }
        Assert.Equal(1, file.Tensors["scalar"].NumElements);
        Assert.Empty(file.Tensors["scalar"].Shape);
        Assert.Equal(0, file.Tensors["empty"].ByteLength);
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void BytesAreDeterministicAndIndependentOfInputOrder()
    {
        var tensors = EveryDtype();
        string dir = TestPaths.NewTempDir();
        SafetensorsWriter.Save(Path.Combine(dir, "a.safetensors"), tensors);
        SafetensorsWriter.Save(Path.Combine(dir, "b.safetensors"), Enumerable.Reverse(tensors));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a.safetensors")), File.ReadAllBytes(Path.Combine(dir, "b.safetensors")));
    }

    [Fact]
    public void HeaderIsSortedPaddedToEightAndDataIsAligned()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "h.safetensors");
        SafetensorsWriter.Save(path, EveryDtype(), new Dictionary<string, string> { ["format"] = "pt", ["note"] = "x+y" });
        byte[] bytes = File.ReadAllBytes(path);
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, n);
        string json = header.TrimEnd(' ');
        Assert.EndsWith("}", json);
        using var doc = JsonDocument.Parse(json);
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal("__metadata__", names[0]);
        Assert.Equal(names.Skip(1).Order(StringComparer.Ordinal), names.Skip(1));
        Assert.Equal("x+y", doc.RootElement.GetProperty("__metadata__").GetProperty("note").GetString());
        long dataLength = bytes.Length - 8 - n;
        foreach (var p in doc.RootElement.EnumerateObject().Skip(1))
        {
            var offsets = p.Value.GetProperty("data_offsets");
            long begin = offsets[0].GetInt64();
            int size = SafetensorsDtypes.Parse(p.Value.GetProperty("dtype").GetString()!)!.Value.ElementSize();
            Assert.True(begin % size == 0, $"{p.Name} starts at {begin}, not a multiple of {size}");
            Assert.True(offsets[1].GetInt64() <= dataLength);
        }
    }

    [Fact]
    public void LoadConvertsDtypeWhenAsked()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "c.safetensors");
        using var source = torch.tensor(new[] { 1.0f, -2.5f, 3.25f });
        SafetensorsWriter.Save(path, [new("x", source.to(ScalarType.BFloat16))]);
        using var file = SafetensorsFile.Open(path);
        using var x = file.Load("x", ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, x.dtype);
        Assert.Equal(new[] { 1.0f, -2.5f, 3.25f }, x.data<float>().ToArray());
    }

    [Fact]
    public void NonContiguousTensorsAreWrittenInLogicalOrderAndLeftIntact()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "t.safetensors");
        using var m = torch.arange(6, dtype: ScalarType.Float32).reshape(2, 3);
        using var transposed = m.t();
        SafetensorsWriter.Save(path, [new("t", transposed)]);
        using var file = SafetensorsFile.Open(path);
        using var back = file.Load("t");
        Assert.Equal(new long[] { 3, 2 }, back.shape);
        Assert.Equal(new[] { 0f, 3f, 1f, 4f, 2f, 5f }, back.data<float>().ToArray());
        Assert.Equal(new[] { 0f, 3f, 1f, 4f, 2f, 5f }, transposed.contiguous().data<float>().ToArray());
    }

    [Fact]
    public void EmptyMetadataWritesNoMetadataBlock()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "m.safetensors");
        SafetensorsWriter.Save(path, [new("x", torch.ones(2))], new Dictionary<string, string>());
        using var file = SafetensorsFile.Open(path);
        Assert.Empty(file.Metadata);
        Assert.DoesNotContain("__metadata__", Encoding.UTF8.GetString(File.ReadAllBytes(path)));
    }

    [Fact]
    public void SavingReplacesTheFileAndLeavesNoTemporaryFiles()
    {
        string dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir, "r.safetensors");
        SafetensorsWriter.Save(path, [new("old", torch.ones(3))]);
        SafetensorsWriter.Save(path, [new("new", torch.zeros(2))]);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(["new"], file.Tensors.Keys);
        Assert.Equal(["r.safetensors"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void WriterRejectsDuplicateNamesAndUnsupportedDtypes()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "w.safetensors");
        var dup = Assert.Throws<R1OmniException>(() => SafetensorsWriter.Save(path, [new("a", torch.ones(1)), new("a", torch.ones(1))]));
        Assert.Contains("'a' given twice", dup.Message);
        var complex = Assert.Throws<R1OmniException>(() => SafetensorsWriter.Save(path, [new("z", torch.ones(2, dtype: ScalarType.ComplexFloat32))]));
        Assert.Contains("'z'", complex.Message);
        Assert.Contains("BF16", complex.Message);
        Assert.False(File.Exists(path));
    }
}
