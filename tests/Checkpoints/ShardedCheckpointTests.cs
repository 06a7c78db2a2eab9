using System.Text.Json;
using R1Omni.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Tests.Checkpoints;

public class ShardedCheckpointTests
{
    static List<KeyValuePair<string, Tensor>> Layers(int count) =>
        Enumerable.Range(0, count).Select(i => new KeyValuePair<string, Tensor>(
            $"model.layers.{i}.weight", torch.arange(i * 100, i * 100 + 64, dtype: ScalarType.Float32).reshape(8, 8))).ToList();

    [Fact]
    public void ShardedRoundTripGoesThroughTheIndex()
    {
        string dir = TestPaths.NewTempDir();
        var tensors = Layers(5); // 256 bytes each
        tensors.Add(new("model.norm.weight", torch.ones(8, dtype: ScalarType.BFloat16)));
        SafetensorsWriter.SaveSharded(dir, tensors, maxShardBytes: 600);

        var files = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors",
                      "model.safetensors.index.json"], files);
        using (var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, CheckpointReader.IndexFileName))))
        {
            Assert.Equal(5 * 256 + 16, index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
            var map = index.RootElement.GetProperty("weight_map");
            Assert.Equal("model-00001-of-00003.safetensors", map.GetProperty("model.layers.1.weight").GetString());
            Assert.Equal("model-00002-of-00003.safetensors", map.GetProperty("model.layers.2.weight").GetString());
            Assert.Equal("model-00003-of-00003.safetensors", map.GetProperty("model.norm.weight").GetString());
        }
        using var reader = CheckpointReader.Open(dir);
        Assert.Equal(tensors.Select(p => p.Key).Order(), reader.Keys.Order());
        foreach (var (key, expected) in tensors)
        {
            using var actual = reader.Load(key);
            TensorAssert.BitIdentical(expected, actual, key);
        }
        Assert.Equal(SafetensorsDtype.BF16, reader.Info("model.norm.weight").Dtype);
    }

    [Fact]
    public void OneShardIsWrittenAsModelSafetensorsAndStaleShardsGo()
    {
        string dir = TestPaths.NewTempDir();
        SafetensorsWriter.SaveSharded(dir, Layers(4), maxShardBytes: 300);
        Assert.Equal(5, Directory.GetFiles(dir).Length);
        SafetensorsWriter.SaveSharded(dir, Layers(2), maxShardBytes: 1 << 20);
        Assert.Equal([CheckpointReader.SingleFileName], Directory.GetFiles(dir).Select(Path.GetFileName));
        using var reader = CheckpointReader.Open(dir);
        Assert.Equal(2, reader.Keys.Count);
    }

    [Fact]
    public void MissingShardIsNamedWithItsIndex()
    {
        string dir = TestPaths.NewTempDir();
        SafetensorsWriter.SaveSharded(dir, Layers(3), maxShardBytes: 256);
        File.Delete(Path.Combine(dir, "model-00002-of-00003.safetensors"));
        var e = Assert.Throws<R1OmniException>(() => CheckpointReader.Open(dir));
        Assert.Contains(CheckpointReader.IndexFileName, e.Message);
        Assert.Contains("model-00002-of-00003.safetensors", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void IndexEntryAbsentFromItsShardIsAnError()
    {
        string dir = TestPaths.NewTempDir();
        SafetensorsWriter.SaveSharded(dir, Layers(2), maxShardBytes: 256);
        string indexPath = Path.Combine(dir, CheckpointReader.IndexFileName);
        File.WriteAllText(indexPath, File.ReadAllText(indexPath).Replace("\"model.layers.1.weight\"", "\"model.layers.9.weight\""));
        var e = Assert.Throws<R1OmniException>(() => CheckpointReader.Open(dir));
        Assert.Contains("'model.layers.9.weight'", e.Message);
        Assert.Contains("model-00002-of-00002.safetensors", e.Message);
    }

    [Fact]
    public void ReaderOpensASingleFileAndAnIndexFileDirectly()
    {
        string dir = TestPaths.NewTempDir();
        SafetensorsWriter.SaveSharded(dir, Layers(2), maxShardBytes: 256);
        using (var viaIndex = CheckpointReader.Open(Path.Combine(dir, CheckpointReader.IndexFileName)))
            Assert.Equal(2, viaIndex.Keys.Count);
        using var viaShard = CheckpointReader.Open(Path.Combine(dir, "model-00001-of-00002.safetensors"));
        Assert.Equal(["model.layers.0.weight"], viaShard.Keys);
    }

    [Fact]
    public void FolderWithoutCheckpointSaysWhatItHolds()
    {
        string dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "pytorch_model.bin"), "");
        var e = Assert.Throws<R1OmniException>(() => CheckpointReader.Open(dir));
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("pytorch_model.bin", e.Message);
    }
}
