using System.Text.Json;
using System.Text.Json.Nodes;
using R1Omni.Training;
using R1Omni.Training.Sft;

namespace R1Omni.Tests.Training.Sft;

public class ShippedConfigTests
{
    public static TheoryData<string> SftConfigs() => new(Directory.GetFiles(TestPaths.Data("configs"), "sft_*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(SftConfigs))]
    public void ExampleConfigsUseOnlyKnownKeysAndValidValues(string name)
    {
        string path = TestPaths.Data("configs", name);
        var json = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        var config = ConfigFile.Merge(json, SftConfig.ColdStart, path);
        Assert.NotNull(config.Model);
        Assert.NotNull(config.TrainData);
        Assert.NotNull(config.OutputDir);
    }

    [Fact]
    public void TheColdStartExampleRestatesTheDefaults()
    {
        string path = TestPaths.Data("configs", "sft_cold_start.json");
        var json = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        var config = ConfigFile.Merge(json, SftConfig.ColdStart, path);
        Assert.Equal(SftConfig.ColdStart with { Model = config.Model, TrainData = config.TrainData, DataFolder = config.DataFolder,
                                                OutputDir = config.OutputDir, TrainableParts = config.TrainableParts }, config);
        Assert.Equal(SftConfig.ColdStart.TrainableParts, config.TrainableParts);
    }
}
