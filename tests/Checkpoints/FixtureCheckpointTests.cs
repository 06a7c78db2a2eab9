using System.Security.Cryptography;
using R1Omni.Checkpoints;
using R1Omni.Config;
using TorchSharp;

namespace R1Omni.Tests.Checkpoints;

/// <summary>The reference files written by the Python side (tests/fixtures/parity) read back correctly.</summary>
public class FixtureCheckpointTests
{
    static readonly string Root = TestPaths.Fixture("parity");

    static IEnumerable<string> RelativePaths() =>
        Directory.EnumerateFiles(Root, "*.safetensors", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f)).Order();

    public static TheoryData<string> FixtureFiles() => new(RelativePaths());

    /// <summary>Fixture files holding one dtype only: both writers lay those out by name.</summary>
    public static TheoryData<string> SingleDtypeFixtureFiles()
    {
        var data = new TheoryData<string>();
        foreach (string relative in RelativePaths())
        {
            using var file = SafetensorsFile.Open(Path.Combine(Root, relative));
            if (file.Tensors.Values.Select(t => t.Dtype).Distinct().Count() == 1) data.Add(relative);
        }
        return data;
    }

    [Fact]
    public void FixtureFilesMatchTheirChecksums()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "SHA256SUMS"));
        Assert.True(lines.Length >= 40, "SHA256SUMS should list every fixture file");
        foreach (string line in lines)
        {
            var (hash, name) = (line[..64], line[66..]);
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Root, name)))));
        }
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void EveryFixtureFileLoadsAndItsTensorsMatchTheRawBytes(string relative)
    {
        using var file = SafetensorsFile.Open(Path.Combine(Root, relative));
        Assert.NotEmpty(file.Tensors);
        foreach (var (name, info) in file.Tensors)
        {
            using var t = file.Load(name);
            Assert.Equal(info.Shape, t.shape);
            Assert.Equal(info.Dtype.ToScalarType(), t.dtype);
            Assert.True(t.bytes.SequenceEqual(file.Bytes(name)), $"{relative}:{name}");
        }
    }

    /// <summary>Re-saving what was read must reproduce the reference writer's file byte for byte.</summary>
    [Theory]
    [MemberData(nameof(SingleDtypeFixtureFiles))]
    public void RewritingASingleDtypeFixtureReproducesItsBytes(string relative)
    {
        string path = Path.Combine(Root, relative);
        string copy = Path.Combine(TestPaths.NewTempDir(), "copy.safetensors");
        using (var file = SafetensorsFile.Open(path))
        {
            var tensors = file.Tensors.Keys.Select(k => new KeyValuePair<string, torch.Tensor>(k, file.Load(k))).ToList();
            SafetensorsWriter.Save(copy, tensors, file.Metadata.ToDictionary());
            foreach (var (_, t) in tensors) t.Dispose();
        }
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(copy));
    }

    [Fact]
    public void Qwen2CheckpointHasTheConfiguredShapesAndNoLmHead()
    {
        string folder = Path.Combine(Root, "qwen2");
        var config = ModelConfig.Load<Qwen2Config>(folder);
        using var reader = CheckpointReader.Open(folder);
        Assert.Equal([config.VocabSize, config.HiddenSize], reader.Info("model.embed_tokens.weight").Shape);
        Assert.Equal([config.NumKeyValueHeads * config.HeadDim, config.HiddenSize],
                     reader.Info("model.layers.1.self_attn.k_proj.weight").Shape);
        Assert.Equal([config.IntermediateSize, config.HiddenSize], reader.Info("model.layers.0.mlp.gate_proj.weight").Shape);
        Assert.False(reader.Contains("lm_head.weight"));
        Assert.Equal(config.NumHiddenLayers, reader.Keys.Count(k => k.EndsWith(".input_layernorm.weight")));
        Assert.All(reader.Keys, k => Assert.Equal(SafetensorsDtype.F32, reader.Info(k).Dtype));
    }

    [Fact]
    public void HumanOmniCheckpointKeepsBf16TowerCopiesAndF32TrainedWeights()
    {
        using var reader = CheckpointReader.Open(Path.Combine(Root, "humanomni"));
        var towers = reader.Keys.Where(k => k.StartsWith("model.vision_tower.vision_tower.") || k.StartsWith("model.audio_tower.audio_tower.")).ToList();
        Assert.NotEmpty(towers);
        Assert.All(towers, k => Assert.Equal(SafetensorsDtype.BF16, reader.Info(k).Dtype));
        Assert.All(reader.Keys.Except(towers), k => Assert.Equal(SafetensorsDtype.F32, reader.Info(k).Dtype));
        Assert.Equal([3584, reader.Info("model.bert_model.embeddings.word_embeddings.weight").Shape[1]],
                     reader.Info("model.bert_gate.0.weight").Shape);
        Assert.Equal("pt", reader.FileOf("model.norm.weight").Metadata["format"]);
    }

    [Fact]
    public void QwenInputIdsLoadAsInt64()
    {
        using var file = SafetensorsFile.Open(Path.Combine(Root, "qwen2", "inputs.safetensors"));
        using var ids = file.Load("input_ids");
        Assert.Equal(torch.ScalarType.Int64, ids.dtype);
        Assert.Equal(2, ids.shape[0]);
        long vocab = ModelConfig.Load<Qwen2Config>(Path.Combine(Root, "qwen2")).VocabSize;
        Assert.True(ids.min().item<long>() >= 0 && ids.max().item<long>() < vocab);
    }
}
