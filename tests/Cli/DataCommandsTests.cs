using R1Omni.Cli;
using R1Omni.Cli.Commands;
using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Tests.Data;

namespace R1Omni.Tests.Cli;

/// <summary>The manifest, validate and score commands on synthetic dataset folders.</summary>
public class DataCommandsTests
{
    static (int Rc, string Out) Run(ICommand command, params string[] args)
    {
        var output = new StringWriter();
        int rc = command.Run(new CommandArgs(command.Name, args, output, output));
        return (rc, output.ToString());
    }

    [Fact]
    public void ValidateReportsMissingAndZeroByteFiles()
    {
        string root = DatasetTrees.Dfew((1, 1), (2, 2), (3, 4), (4, 7));
        string manifest = Path.Combine(TestPaths.NewTempDir(), "dfew.jsonl");
        var (rc, text) = Run(new ManifestCommand(), "--format", "dfew", "--root", root, "--fold", "1", "--split", "test", "--out", manifest);
        Assert.Equal(0, rc);
        Assert.Contains($"wrote 4 items of 'dfew-test-set1' to {manifest}", text);

        Assert.Equal(0, CommandRegistry.Main(["validate", "--manifest", manifest], new StringWriter(), new StringWriter()));
        File.Delete(Path.Combine(root, "Clip", "original", "00002.mp4"));
        File.WriteAllBytes(Path.Combine(root, "Clip", "original", "00003.mp4"), []);

        Assert.Equal(1, CommandRegistry.Main(["validate", "--manifest", manifest, "--require-labels"], new StringWriter(), new StringWriter()));
        (rc, text) = Run(new ValidateCommand(), "--manifest", manifest, "--labels", "dfew");
        Assert.Equal(1, rc);
        Assert.Contains("manifest dfew-test-set1: 4 items, 2 valid, 2 with problems", text);
        Assert.Contains($"e.g. dfew/00002 ({Path.Combine(root, "Clip", "original", "00002.mp4")}): file not found", text);
        Assert.Contains("e.g. dfew/00003", text);
        Assert.Contains("empty file (0 bytes)", text);
        Assert.Contains("PROBLEMS FOUND", text);
    }

    [Fact]
    public void ValidateChecksLabelsAgainstTheBuiltInSetOfEachSource()
    {
        string root = TestPaths.NewTempDir();
        DatasetTrees.WriteClip(Path.Combine(root, "a.mp4"));
        string path = Path.Combine(root, "m.jsonl");
        ManifestJsonl.Write(new Manifest("m", root,
        [
            new ManifestItem { Id = "a", Video = Path.Combine(root, "a.mp4"), Label = "contemptuous", Source = "mafw" },
            new ManifestItem { Id = "b", Video = Path.Combine(root, "a.mp4"), Label = "contemptuous", Source = "dfew" },
            new ManifestItem { Id = "c", Video = Path.Combine(root, "a.mp4"), Label = "puzzled", Source = "emer" },
            new ManifestItem { Id = "d", Video = Path.Combine(root, "a.mp4"), Source = "emer" },
        ]), path);

        var (rc, text) = Run(new ValidateCommand(), "--manifest", path);
        Assert.Equal(1, rc);
        Assert.Contains("e.g. b (", text);
        Assert.Contains("label not in the label set   1", text);
        Assert.Contains("no label                     0", text);

        (rc, text) = Run(new ValidateCommand(), "--manifest", path, "--labels", "mafw", "--require-labels", "--examples", "1");
        Assert.Contains("label not in the label set   1", text);  // b passes against mafw; c does not
        Assert.Contains("e.g. c (", text);
        Assert.Contains("no label                     1", text);
    }

    [Fact]
    public void ValidateProbeReadsEveryVideosStreams()
    {
        string root = TestPaths.NewTempDir();
        DatasetTrees.WriteClip(Path.Combine(root, "bytes.mp4"));   // not empty, not a video
        string path = Path.Combine(root, "m.jsonl");
        var videos = new[] { R1Omni.Tests.Media.TestMedia.ColourClip, Path.Combine(root, "bytes.mp4"), R1Omni.Tests.Media.TestMedia.AudioOnly, R1Omni.Tests.Media.TestMedia.ZeroFrames };
        ManifestJsonl.Write(new Manifest("m", root,
            videos.Select((v, i) => new ManifestItem { Id = $"v{i}", Video = v, Label = "happy", Source = "dfew" }).ToList()), path);

        var (rc, text) = Run(new ValidateCommand(), "--manifest", path);
        Assert.Equal(0, rc);   // the cheap check sees four non-empty files

        (rc, text) = Run(new ValidateCommand(), "--manifest", path, "--probe", "--examples", "5");
        Assert.Equal(1, rc);
        Assert.Contains("manifest m: 4 items, 1 valid, 3 with problems", text);
        Assert.Contains($"e.g. v1 ({Path.Combine(root, "bytes.mp4")}): ffprobe reading it as a media file failed", text);
        Assert.Contains($"e.g. v2 ({R1Omni.Tests.Media.TestMedia.AudioOnly}): no video stream (audio only)", text);
        Assert.Contains($"e.g. v3 ({R1Omni.Tests.Media.TestMedia.ZeroFrames}): video stream 0 has no frames", text);
    }

    [Fact]
    public void ValidateUsageAndReadErrors()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, CommandRegistry.Main(["validate"], new StringWriter(), stderr));
        Assert.Contains("missing required option --manifest", stderr.ToString());
        stderr = new StringWriter();
        string missing = Path.Combine(TestPaths.NewTempDir(), "none.jsonl");
        Assert.Equal(1, CommandRegistry.Main(["validate", "--manifest", missing], new StringWriter(), stderr));
        Assert.Contains($"{missing}: file not found", stderr.ToString());
    }

    [Fact]
    public void ManifestCommandReadsEveryFormat()
    {
        string mafw = DatasetTrees.Mafw(("00025.mp4", "anger"), ("00026.mp4", "anxiety"));
        string outPath = Path.Combine(TestPaths.NewTempDir(), "mafw.jsonl");
        Assert.Equal(0, Run(new ManifestCommand(), "--format", "mafw", "--root", mafw, "--fold", "2", "--split", "train", "--out", outPath, "--name", "m2").Rc);
        var m = ManifestJsonl.Read(outPath);
        Assert.Equal(("m2", 2), (m.Name, m.Count));
        Assert.Equal(["angry", "anxious"], m.Items.Select(i => i.Label));

        string ravdess = DatasetTrees.Ravdess("01-01-05-01-01-01-01", "01-01-05-01-01-01-02");
        Assert.Equal(0, Run(new ManifestCommand(), "--format", "ravdess", "--root", ravdess, "--actors", "2", "--out", outPath).Rc);
        Assert.Equal(["ravdess/01-01-05-01-01-01-02"], ManifestJsonl.Read(outPath).Items.Select(i => i.Id));

        string json = Path.Combine(TestPaths.NewTempDir(), "rl.json");
        File.WriteAllText(json, """[{"video":"MAFW/1.mp4","conversations":[{"from":"human","value":"q"},{"from":"gpt","value":"helpless"}]}]""");
        Assert.Equal(0, Run(new ManifestCommand(), "--format", "conversation", "--json", json, "--root", "/data", "--rlvr", "--out", outPath).Rc);
        var rl = ManifestJsonl.Read(outPath).Items.Single();
        Assert.Equal(("mafw", "helpless", "<answer> helpless </answer>", "/data/MAFW/1.mp4"), (rl.Source, rl.Label, rl.Solution, rl.Video));

        var e = Assert.Throws<UsageException>(() => Run(new ManifestCommand(), "--format", "dfew", "--root", mafw, "--out", outPath, "--actors", "1"));
        Assert.Contains("--actors", e.Message);
        Assert.Contains("--format must be one of", Assert.Throws<UsageException>(() => Run(new ManifestCommand(), "--format", "afew", "--root", "r", "--out", "o")).Message);
    }

    [Fact]
    public void ScoreRecomputesMetricsFromPredictions()
    {
        string dir = TestPaths.NewTempDir();
        string predictions = Path.Combine(dir, "predictions.jsonl");
        File.WriteAllText(predictions, """
            {"id":"1","source":"dfew","label":"happy","response":"<answer>Happiness</answer>"}
            {"id":"2","source":"dfew","label":"sad","response":"<answer>sad</answer>"}
            {"id":"3","source":"dfew","label":null,"response":"<answer>sad</answer>"}
            {"id":"4","source":"dfew","label":"fear","response":"","error":"cannot be decoded"}

            """);
        string outDir = Path.Combine(dir, "scores");
        var (rc, text) = Run(new ScoreCommand(), "--predictions", predictions, "--out", outDir, "--modes", "answer");
        Assert.Equal(0, rc);
        Assert.Contains("dfew/answer: n=2 WAR=50.00 UAR=50.00 out-of-label=1", text);
        Assert.Equal(["source,mode,n,war,uar,out_of_label,errors", "dfew,answer,2,50,50,1,1"], File.ReadAllLines(Path.Combine(outDir, "summary.csv")));
        Assert.False(Directory.Exists(Path.Combine(outDir, "dfew", "raw")));

        (_, text) = Run(new ScoreCommand(), "--predictions", predictions, "--out", outDir, "--synonyms");
        Assert.Contains("dfew/answer: n=2 WAR=100.00", text);
        Assert.Contains("dfew/raw: n=2 WAR=0.00", text);
        Assert.Contains("\"happiness\": \"happy\"", File.ReadAllText(Path.Combine(outDir, "dfew", "answer", "metrics.json")));
        Assert.Equal(AnswerMode.Raw, AnswerExtraction.ParseMode(Path.GetFileName(Directory.GetDirectories(Path.Combine(outDir, "dfew")).Order().Last())));
    }
}
