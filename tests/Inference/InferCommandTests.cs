using R1Omni.Checkpoints;
using R1Omni.Cli;
using R1Omni.Evaluation;
using R1Omni.Models.HumanOmni;
using R1Omni.Tests.Media;

namespace R1Omni.Tests.Inference;

/// <summary>A tiny checkpoint in the released layout, written by our writer, loads and runs `infer` on real mp4s from ffmpeg.</summary>
public class InferCommandTests
{
    static (int rc, string stdout, string stderr) Infer(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = CommandRegistry.Main(["infer", "--model", TinyCheckpoint.Path, "--max-new-tokens", "6", "--dtype", "fp32", .. args], stdout, stderr);
        return (rc, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void TheWriterProducesTheReleasedLayout()
    {
        using var reader = CheckpointReader.Open(TinyCheckpoint.Path);
        Assert.Contains("model.embed_tokens.weight", reader.Keys);
        Assert.Contains(reader.Keys, k => k.StartsWith(HumanOmniCheckpointKeys.Projector, StringComparison.Ordinal));
        Assert.Contains(reader.Keys, k => k.StartsWith(HumanOmniCheckpointKeys.Bert, StringComparison.Ordinal));
        Assert.DoesNotContain(HumanOmniCheckpointKeys.LmHead, reader.Keys); // tied
        Assert.True(File.Exists(System.IO.Path.Combine(TinyCheckpoint.Path, "siglip", "model.safetensors")));
        Assert.True(File.Exists(System.IO.Path.Combine(TinyCheckpoint.Path, "whisper", "model.safetensors")));
    }

    [Theory]
    [InlineData("video_audio")]
    [InlineData("video")]
    [InlineData("audio")]
    public void OneVideoStreamsAResponseAndItsAnswer(string modality)
    {
        var (rc, stdout, stderr) = Infer("--video", TestMedia.ColourClip, "--modality", modality);
        Assert.True(rc == 0, stderr);
        Assert.Contains("answer: ", stdout);
        Assert.Contains("prefill", stderr);
    }

    [Fact]
    public void AFolderIsWrittenAsJsonlResumesAndRecordsWhatMadeIt()
    {
        string dir = TestPaths.NewTempDir();
        File.Copy(TestMedia.ColourClip, System.IO.Path.Combine(dir, "a.mp4"));
        File.Copy(TestMedia.WideShort, System.IO.Path.Combine(dir, "b.mp4"));
        File.WriteAllText(System.IO.Path.Combine(dir, "c.mp4"), "not a video");
        var (rc, _, stderr) = Infer("--video", dir, "--batch", "2");
        Assert.True(rc == 0, stderr);
        Assert.Contains("1 videos could not be run", stderr);
        string jsonl = System.IO.Path.Combine(dir, "predictions.jsonl");
        var records = PredictionStore.ReadAll(jsonl);
        Assert.Equal(["a.mp4", "b.mp4", "c.mp4"], records.Select(r => r.Id).Order());
        Assert.Equal(["c.mp4"], records.Where(r => r.Error is not null).Select(r => r.Id));
        Assert.True(File.Exists(System.IO.Path.Combine(dir, "fingerprint.json")));
        // Batched (left-padded) generation gives each video what it gets alone.
        var (rc1, alone, err1) = Infer("--video", System.IO.Path.Combine(dir, "b.mp4"));
        Assert.True(rc1 == 0, err1);
        Assert.Contains($"answer: {records.Single(r => r.Id == "b.mp4").Answer}", alone);

        var (rc2, _, stderr2) = Infer("--video", dir);
        Assert.True(rc2 == 0, stderr2);
        Assert.Equal(3, PredictionStore.ReadAll(jsonl).Count);
        Assert.Contains("resuming: 2 of 3", stderr2);

        // Another instruct would mix two setups' answers in one file: refused, named, nothing changed.
        string before = File.ReadAllText(jsonl);
        var (rc3, _, stderr3) = Infer("--video", dir, "--instruction", "Which emotion?");
        Assert.Equal(1, rc3);
        Assert.Contains("was made by another setup — instruct: stored '", stderr3);
        Assert.Equal(before, File.ReadAllText(jsonl));
    }

    [Fact]
    public void AFoldersShardsMergeIntoTheUnshardedJsonl()
    {
        string dir = TestPaths.NewTempDir();
        foreach (var (name, i) in new[] { "a.mp4", "b.mp4", "c.mp4", "d.mp4" }.Select((n, i) => (n, i)))
            File.Copy(i % 2 == 0 ? TestMedia.ColourClip : TestMedia.WideShort, System.IO.Path.Combine(dir, name));
        string whole = System.IO.Path.Combine(TestPaths.NewTempDir(), "whole.jsonl"), parts = System.IO.Path.Combine(TestPaths.NewTempDir(), "parts.jsonl");
        Assert.Equal(0, Infer("--video", dir, "--out", whole).rc);
        foreach (string shard in new[] { "1/2", "2/2" })
        {
            var (rc, _, stderr) = Infer("--video", dir, "--out", parts, "--shard", shard);
            Assert.True(rc == 0, stderr);
        }
        var merged = new StringWriter();
        Assert.Equal(0, CommandRegistry.Main(["infer", "--video", dir, "--out", parts, "--merge", "2"], new StringWriter(), merged));
        Assert.Equal(PredictionStore.ReadAll(whole).Select(r => (r.Id, r.Response)), PredictionStore.ReadAll(parts).Select(r => (r.Id, r.Response)));
        Assert.True(File.Exists(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(parts)!, "shard-2-of-2", "parts.jsonl")));
    }

    [Fact]
    public void MissingAudioIsAWarningOrAnError()
    {
        var (rc, _, stderr) = Infer("--video", TestMedia.Silent);
        Assert.True(rc == 0, stderr);
        Assert.Contains("silence", stderr);
        var (rc2, _, stderr2) = Infer("--video", TestMedia.Silent, "--require-audio");
        Assert.Equal(1, rc2);
        Assert.Contains(System.IO.Path.GetFileName(TestMedia.Silent), stderr2);
    }

    [Fact]
    public void BadInputsAreClearErrors()
    {
        var (rc, _, stderr) = Infer("--video", "/no/such/video.mp4");
        Assert.Equal(1, rc);
        Assert.Contains("/no/such/video.mp4", stderr);
        var (rc2, _, stderr2) = Infer("--video", TestMedia.ColourClip, "--vision-tower", "/no/such/siglip");
        Assert.Equal(1, rc2);
        Assert.Contains("mm_vision_tower", stderr2);
    }
}
