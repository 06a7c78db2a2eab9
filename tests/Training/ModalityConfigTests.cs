using System.Text.Json.Nodes;
using R1Omni.Prompts;
using R1Omni.Training;
using R1Omni.Training.Grpo;
using R1Omni.Training.Sft;

namespace R1Omni.Tests.Training;

/// <summary>The <c>modality</c> key of the SFT and GRPO configs.</summary>
public class ModalityConfigTests
{
    [Fact]
    public void ModalityDefaultsToVideoAudioAndParsesInBothTrainers()
    {
        Assert.Equal(PromptModality.VideoAudio, SftConfig.ColdStart.Modality);
        Assert.Equal(PromptModality.VideoAudio, GrpoConfig.Defaults.Modality);
        Assert.Equal(PromptModality.VideoAudio, GrpoConfig.Defaults.Options().Modality);
        Assert.Equal(PromptModality.Audio, ConfigFile.Merge(new JsonObject { ["modality"] = "audio" }, SftConfig.ColdStart, "sft.json").Modality);
        var grpo = ConfigFile.Merge(new JsonObject { ["modality"] = "video" }, GrpoConfig.Defaults, "grpo.json");
        Assert.Equal(PromptModality.Video, grpo.Modality);
        Assert.Equal(PromptModality.Video, grpo.Options().Modality);
        Assert.Equal(PromptModality.VideoAudio, ConfigFile.Merge(new JsonObject { ["modality"] = "video_audio" }, GrpoConfig.Defaults, "grpo.json").Modality);
    }

    [Theory]
    [InlineData("\"both\"")]
    [InlineData("2")]
    public void AnUnknownModalityNamesTheKeyAndTheValues(string value)
    {
        var given = JsonNode.Parse($"{{\"modality\": {value}}}")!.AsObject();
        foreach (TrainingConfig defaults in new TrainingConfig[] { SftConfig.ColdStart, GrpoConfig.Defaults })
        {
            var e = Assert.Throws<R1OmniException>(() => ConfigFile.Merge(given, defaults, "run.json"));
            Assert.Contains("run.json: key 'modality' has an invalid value", e.Message);
            Assert.Contains("\"video_audio\", \"video\", \"audio\"", e.Message);
        }
    }
}
