using R1Omni.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Tests.Checkpoints;

public class StateDictTests
{
    /// <summary>A linear layer plus one persistent and one non-persistent buffer.</summary>
    sealed class Probe : nn.Module
    {
        public readonly Linear proj = nn.Linear(3, 2);

        public Probe() : base("probe")
        {
            register_buffer("scale", torch.ones(2));
            register_buffer("cache", torch.zeros(4), persistent: false);
            RegisterComponents();
        }
    }

    readonly string dir = TestPaths.NewTempDir();

    string Save(params (string Key, Tensor Value)[] tensors)
    {
        string path = Path.Combine(dir, $"{Guid.NewGuid():N}.safetensors");
        SafetensorsWriter.Save(path, tensors.Select(t => new KeyValuePair<string, Tensor>(t.Key, t.Value)));
        return path;
    }

    static Tensor Weight() => torch.arange(6, dtype: ScalarType.Float64).reshape(2, 3) / 4;

    [Fact]
    public void LoadsRenamedKeysConvertingDtypeInPlace()
    {
        string path = Save(("model.proj.weight", Weight()), ("model.proj.bias", torch.tensor(new[] { 0.5, -1.0 })),
                           ("model.scale", torch.tensor(new[] { 2.0, 3.0 })), ("model.unused_head.weight", torch.ones(1)));
        using var probe = new Probe();
        var weight = probe.proj.weight!;
        using var reader = CheckpointReader.Open(path);
        var report = StateDict.Load(probe, reader,
            k => k.StartsWith("model.unused_head.") ? null : k["model.".Length..]);

        Assert.Equal(["proj.bias", "proj.weight", "scale"], report.Loaded);
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unexpected);
        Assert.Same(weight, probe.proj.weight);
        Assert.Equal(ScalarType.Float32, probe.proj.weight!.dtype);
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f }, probe.proj.weight.data<float>().ToArray());
        Assert.Equal(new[] { 0.5f, -1f }, probe.proj.bias!.data<float>().ToArray());
        Assert.Equal(new[] { 2f, 3f }, probe.get_buffer("scale")!.data<float>().ToArray());
        Assert.True(probe.proj.weight.requires_grad);
    }

    [Fact]
    public void StrictModeListsUnexpectedKeysAndNonStrictReportsThem()
    {
        string path = Save(("proj.weight", Weight()), ("proj.bias", torch.zeros(2)), ("scale", torch.ones(2)),
                           ("extra.a", torch.ones(1)), ("extra.b", torch.ones(1)));
        using var reader = CheckpointReader.Open(path);
        using var probe = new Probe();
        using var before = probe.proj.weight!.clone();
        var e = Assert.Throws<R1OmniException>(() => StateDict.Load(probe, reader));
        Assert.Contains(path, e.Message);
        Assert.Contains("'extra.a'", e.Message);
        Assert.Contains("'extra.b'", e.Message);
        Assert.True(before.equal(probe.proj.weight).all().item<bool>(), "a failed load must not change the module");

        var report = StateDict.Load(probe, reader, strict: false);
        Assert.Equal(["extra.a", "extra.b"], report.Unexpected);
        Assert.Equal(3, report.Loaded.Count);
    }

    [Fact]
    public void MissingKeyNamesModuleKeyCheckpointAndNearbyKeys()
    {
        string path = Save(("proj.weight", Weight()), ("proj.bais", torch.zeros(2)), ("scale", torch.ones(2)));
        using var reader = CheckpointReader.Open(path);
        using var probe = new Probe();
        using var before = probe.proj.weight!.clone();
        var e = Assert.Throws<R1OmniException>(() => StateDict.Load(probe, reader, strict: false));
        Assert.Contains("'proj.bias'", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Contains("proj.bais", e.Message);
        Assert.True(before.equal(probe.proj.weight).all().item<bool>(), "a failed load must not change the module");
    }

    [Fact]
    public void OptionalKeysMayBeAbsent()
    {
        string path = Save(("proj.weight", Weight()), ("proj.bias", torch.zeros(2)));
        using var reader = CheckpointReader.Open(path);
        using var probe = new Probe();
        var report = StateDict.Load(probe, reader, optional: new HashSet<string> { "scale" });
        Assert.Equal(["scale"], report.Missing);
        Assert.Equal(new[] { 1f, 1f }, probe.get_buffer("scale")!.data<float>().ToArray());
    }

    [Fact]
    public void IntegersWhereTheModuleHoldsFloatsAreRefusedNotCast()
    {
        // A float weight stored as I32 would be cast to float garbage; bf16 and f64 convert as before.
        string path = Save(("proj.weight", torch.ones(2, 3, dtype: ScalarType.Int32)), ("proj.bias", torch.zeros(2, dtype: ScalarType.BFloat16)),
                           ("scale", torch.ones(2)));
        using var reader = CheckpointReader.Open(path);
        using var probe = new Probe();
        var before = probe.proj.weight!.data<float>().ToArray();
        var e = Assert.Throws<R1OmniException>(() => StateDict.Load(probe, reader));
        Assert.Contains(path, e.Message);
        Assert.Contains("'proj.weight'", e.Message);
        Assert.Contains("stored as I32 (integer) where the model holds a Float32 (floating-point) tensor", e.Message);
        Assert.Equal(before, probe.proj.weight!.data<float>().ToArray());            // nothing was copied

        Assert.Null(SafetensorsDtypes.Incompatibility(SafetensorsDtype.BF16, ScalarType.Float32));
        Assert.Null(SafetensorsDtypes.Incompatibility(SafetensorsDtype.I32, ScalarType.Int64));
        Assert.NotNull(SafetensorsDtypes.Incompatibility(SafetensorsDtype.F32, ScalarType.Int64));
        Assert.NotNull(SafetensorsDtypes.Incompatibility(SafetensorsDtype.BOOL, ScalarType.Float32));
    }

    [Fact]
    public void ShapeMismatchShowsBothShapes()
    {
        string path = Save(("proj.weight", torch.ones(3, 2)), ("proj.bias", torch.zeros(2)), ("scale", torch.ones(2)));
        using var reader = CheckpointReader.Open(path);
        using var probe = new Probe();
        var e = Assert.Throws<R1OmniException>(() => StateDict.Load(probe, reader));
        Assert.Contains("'proj.weight'", e.Message);
        Assert.Contains("[3, 2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void TwoCheckpointKeysForOneModuleKeyIsAnError()
    {
        string path = Save(("a.proj.weight", Weight()), ("b.proj.weight", Weight()), ("proj.bias", torch.zeros(2)), ("scale", torch.ones(2)));
        using var reader = CheckpointReader.Open(path);
        using var probe = new Probe();
        var e = Assert.Throws<R1OmniException>(() => StateDict.Load(probe, reader, k => k.Replace("a.", "").Replace("b.", "")));
        Assert.Contains("'a.proj.weight'", e.Message);
        Assert.Contains("'b.proj.weight'", e.Message);
    }

    [Fact]
    public void OfListsParametersAndPersistentBuffersAndRoundTrips()
    {
        using var source = new Probe();
        var names = StateDict.Of(source).Select(p => p.Key).Order().ToList();
        Assert.Equal(["proj.bias", "proj.weight", "scale"], names);

        string path = Path.Combine(dir, "probe.safetensors");
        SafetensorsWriter.Save(path, StateDict.Of(source, k => "model." + k));
        using var reader = CheckpointReader.Open(path);
        Assert.Contains("model.proj.weight", reader.Keys);
        using var target = new Probe();
        StateDict.Load(target, reader, k => k["model.".Length..]);
        TensorAssert.BitIdentical(source.proj.weight!, target.proj.weight!);
        TensorAssert.BitIdentical(source.proj.bias!, target.proj.bias!);
    }
}
