using System.Text.Json;
using R1Omni.Cli;
using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.SynthEmo;

namespace R1Omni.Tests.Inference;

/// <summary>`evaluate` on a SynthEmo test split with a tiny checkpoint: the output contract and resume.</summary>
public class EvaluateCommandTests
{
    internal static readonly Lazy<string> Manifest = new(() =>
    {
        var options = new SynthEmoOptions
        {
            Seed = 5, PerClassColdStart = 0, PerClassRl = 0, PerClassTest = 1, PerClassOod = 0,
            Format = new ClipFormat(Width: 64, Height: 64, Fps: 8, Seconds: 1.0),
        };
        string dir = TestPaths.NewTempDir("evaluate-world");
        SynthEmoWorld.Generate(dir, options);
        return Path.Combine(dir, "test_id" + ManifestWriter.ManifestSuffix);
    });

    static (int rc, string stdout, string stderr) Evaluate(string outDir, params string[] extra) => EvaluateManifest(Manifest.Value, outDir, extra);

    internal static (int rc, string stdout, string stderr) EvaluateManifest(string manifest, string outDir, params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = CommandRegistry.Main(["evaluate", "--model", TinyCheckpoint.Path, "--manifest", manifest, "--out", outDir,
                                       "--max-new-tokens", "4", "--batch", "4", "--dtype", "fp32", .. extra], stdout, stderr);
        return (rc, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void PredictionsOfAnotherSetupAreRefusedNotResumedAndRestartStartsOver()
    {
        string outDir = TestPaths.NewTempDir();
        var (rc, _, stderr) = Evaluate(outDir);
        Assert.True(rc == 0, stderr);
        using (var fingerprint = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "fingerprint.json"))))
            foreach (string key in new[] { "checkpoint", "chat_template", "instruct", "modality", "dtype", "generation", "manifest" })
                Assert.True(fingerprint.RootElement.TryGetProperty(key, out _), $"fingerprint.json lacks '{key}'");

        // Another instruct and another generation limit: both named, nothing resumed or overwritten.
        var before = File.ReadAllText(Path.Combine(outDir, "predictions.jsonl"));
        var (rc2, _, stderr2) = Evaluate(outDir, "--instruction", "Which emotion?", "--modality", "video");
        Assert.Equal(1, rc2);
        Assert.Contains("was made by another setup", stderr2);
        Assert.Contains("instruct: stored '", stderr2);
        Assert.Contains("modality: stored 'VideoAudio', now 'Video'", stderr2);
        Assert.Contains("--restart", stderr2);
        Assert.Equal(before, File.ReadAllText(Path.Combine(outDir, "predictions.jsonl")));

        var (rc3, _, stderr3) = Evaluate(outDir, "--instruction", "Which emotion?", "--modality", "video", "--restart");
        Assert.True(rc3 == 0, stderr3);
        Assert.Contains("restart: discarded", stderr3);
        Assert.DoesNotContain("resuming", stderr3);
        Assert.Equal(7, PredictionStore.ReadAll(Path.Combine(outDir, "predictions.jsonl")).Count);
    }

    [Fact]
    public void WritesPredictionsAndMetricsAndResumes()
    {
        string outDir = TestPaths.NewTempDir();
        var (rc, stdout, stderr) = Evaluate(outDir);
        Assert.True(rc == 0, stderr);
        Assert.Contains("WAR", stdout);

        var lines = File.ReadAllLines(Path.Combine(outDir, "predictions.jsonl"));
        Assert.Equal(7, lines.Length);
        foreach (string line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            foreach (string key in new[] { "id", "video", "label", "response", "answer" })
                Assert.True(doc.RootElement.TryGetProperty(key, out _), $"predictions.jsonl lacks '{key}': {line}");
        }
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        var m = metrics.RootElement;
        foreach (string key in new[] { "war", "uar", "per_class_recall", "confusion", "labels" })
            Assert.True(m.TryGetProperty(key, out _), $"metrics.json lacks '{key}'");
        Assert.InRange(m.GetProperty("war").GetDouble(), 0, 100);
        Assert.Equal(7, m.GetProperty("labels").GetArrayLength());

        // A second run finds every item done and only rescores.
        var (rc2, _, stderr2) = Evaluate(outDir);
        Assert.True(rc2 == 0, stderr2);
        Assert.Contains("resuming: 7 of 7", stderr2);
        Assert.Equal(7, PredictionStore.ReadAll(Path.Combine(outDir, "predictions.jsonl")).Count);
    }

    [Fact]
    public void AnUndecodableClipIsRecordedAndCountedAndARerunTriesItAgain()
    {
        var manifest = ManifestJsonl.Read(Manifest.Value);
        string dir = TestPaths.NewTempDir(), broken = Path.Combine(dir, "broken.mp4");
        File.WriteAllText(broken, "not a video, though it is not empty");
        var items = manifest.Items.ToList();
        string original = items[2].Video;
        items[2] = items[2] with { Video = broken };
        string path = Path.Combine(dir, "m.jsonl");
        ManifestJsonl.Write(new Manifest("broken", dir, items), path);

        string outDir = TestPaths.NewTempDir();
        var (rc, stdout, stderr) = EvaluateManifest(path, outDir);
        Assert.True(rc == 0, stderr);
        Assert.Contains($"[eval] error: {items[2].Id} ({broken})", stderr);
        Assert.Contains("(6 items, answer mode; 1 items not run", stdout);
        var error = PredictionStore.ReadAll(Path.Combine(outDir, "predictions.jsonl")).Single(r => r.Error is not null);
        Assert.Equal(items[2].Id, error.Id);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json"))))
            Assert.Equal(1, metrics.RootElement.GetProperty("errors").GetInt32());

        // Over the limit: a named error and a non-zero exit.
        var (rc2, _, stderr2) = EvaluateManifest(path, TestPaths.NewTempDir(), "--max-errors", "0");
        Assert.Equal(1, rc2);
        Assert.Contains("1 items could not be run, more than the limit of 0 (--max-errors)", stderr2);

        // The clip repaired: the rerun runs it and nothing is an error any more.
        File.Copy(original, broken, overwrite: true);
        var (rc3, stdout3, stderr3) = EvaluateManifest(path, outDir);
        Assert.True(rc3 == 0, stderr3);
        Assert.Contains("resuming: 6 of 7", stderr3);
        Assert.Contains("(7 items, answer mode)", stdout3);
        Assert.All(PredictionStore.ReadAll(Path.Combine(outDir, "predictions.jsonl")), r => Assert.Null(r.Error));
    }

    [Fact]
    public void AFullDiskEndsTheEvaluationWithOneLineAndTheRerunResumesToTheSameMetrics()
    {
        // A real full disk: a 1 MiB tmpfs (this needs root, as the CI machine runs) with all but six pages taken by a filler.
        string mount = TestPaths.NewTempDir("full-disk");
        Assert.True(RunTool("mount", $"-t tmpfs -o size=1m tmpfs {mount}") == 0, $"mounting a tmpfs on {mount} failed; this test needs root");
        try
        {
            string filler = Path.Combine(mount, "filler"), outDir = Path.Combine(mount, "eval");
            File.WriteAllBytes(filler, new byte[(1 << 20) - 6 * 4096]);
            var (rc, _, stderr) = Evaluate(outDir);
            Assert.Equal(1, rc);
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("r1omni evaluate: error: I/O failure: No space left on device", lines[^1]);
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            Assert.Empty(Directory.GetFiles(outDir, "*.partial", SearchOption.AllDirectories));

            File.Delete(filler);
            var (rc2, stdout2, stderr2) = Evaluate(outDir);
            Assert.True(rc2 == 0, stderr2);
            string reference = TestPaths.NewTempDir();
            var (rc3, stdout3, stderr3) = Evaluate(reference);
            Assert.True(rc3 == 0, stderr3);
            Assert.Equal(File.ReadAllText(Path.Combine(reference, "metrics.json")), File.ReadAllText(Path.Combine(outDir, "metrics.json")));
            Assert.Equal(stdout3.Replace(reference, "OUT"), stdout2.Replace(outDir, "OUT"));
        }
        finally
        {
            RunTool("umount", mount);
        }
    }

    static int RunTool(string tool, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(tool, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
