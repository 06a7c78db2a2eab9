using System.Diagnostics;
using System.Text.Json.Nodes;
using R1Omni.Cli;
using R1Omni.Training;
using R1Omni.Training.Sft;

namespace R1Omni.Tests.Training.Sft;

/// <summary>The uninterrupted 4-step run the resume tests compare against (fp32, CPU, seed 42).</summary>
public sealed class SftBaseline
{
    public string RunDir { get; } = TestPaths.NewTempDir("sft-baseline");

    public SftBaseline() => SftTrainer.Run(ConfigFile.Load(SftData.Config(RunDir, []), SftConfig.ColdStart), resume: false, TextWriter.Null);
}

/// <summary>
/// A run interrupted after its step-2 checkpoint and resumed gives the same metrics, weights and optimiser state as
/// the uninterrupted run: stopped in-process, and killed with SIGKILL while running as the CLI.
/// </summary>
public class SftResumeTests(SftBaseline baseline) : IClassFixture<SftBaseline>
{
    static SftConfig Load(string runDir) => ConfigFile.Load(SftData.Config(runDir, []), SftConfig.ColdStart);

    void AssertSameAsBaseline(string runDir)
    {
        var expected = MetricsLogger.Read(baseline.RunDir);
        var actual = MetricsLogger.Read(runDir);
        Assert.Equal([1, 2, 3, 4], expected.Select(m => m.Step));
        // Identical numbers, not merely close: the same operations in the same order on restored state.
        Assert.Equal(expected.Select(m => (m.Step, m.Epoch, m.Loss, m.GradNorm, m.LearningRate, m.Skipped)),
                     actual.Select(m => (m.Step, m.Epoch, m.Loss, m.GradNorm, m.LearningRate, m.Skipped)));
        foreach (string file in new[] { "model.safetensors", TrainingOptimizer.StateFileName, SchedulerState.FileName })
            Assert.True(File.ReadAllBytes(Path.Combine(baseline.RunDir, "checkpoint-4", file))
                            .SequenceEqual(File.ReadAllBytes(Path.Combine(runDir, "checkpoint-4", file))), file);
        var state = TrainerState.Read(Path.Combine(runDir, "checkpoint-4"));
        Assert.Equal((4, 2, 0), (state.GlobalStep, state.DataEpoch, state.DataOffset));    // 4 samples, 2 per step: two epochs
    }

    [Fact]
    public void AStoppedRunResumedFromItsCheckpointMatchesTheUninterruptedRun()
    {
        string dir = TestPaths.NewTempDir();
        var first = SftTrainer.Run(Load(dir), resume: false, TextWriter.Null, stopAfterSteps: 3);
        Assert.Equal(3, first.Steps);
        Assert.Equal(Path.Combine(dir, "checkpoint-2"), first.LastCheckpoint);     // step 3 was never saved
        var log = new StringWriter();
        var second = SftTrainer.Run(Load(dir), resume: true, log);
        Assert.Contains("resuming from checkpoint-2 at step 2", log.ToString());
        Assert.Equal(4, second.Steps);
        AssertSameAsBaseline(dir);
    }

    [Fact]
    public void AKilledCliRunResumesToTheSameResult()
    {
        string dll = Path.Combine(TestPaths.RepoRoot, "cli", "bin", "Release", "net10.0", "linux-x64", "r1omni.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: run environment/setup (it builds the CLI)");
        string dir = TestPaths.NewTempDir();
        string config = SftData.Config(dir, []);

        using (var child = Cli(dll, "sft", "--config", config))
        {
            // Kill as soon as checkpoint-2 is complete: the process is then inside step 3.
            var saved = new TaskCompletionSource();
            child.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("checkpoint-2") == true) saved.TrySetResult(); };
            child.BeginErrorReadLine();
            child.BeginOutputReadLine();
            Assert.True(saved.Task.Wait(TimeSpan.FromSeconds(60)), "the child never saved checkpoint-2");
            child.Kill();
            child.WaitForExit();
        }
        Assert.Equal([2], RunCheckpoints.List(dir).Select(c => c.Step));

        using (var resumed = Cli(dll, "sft", "--config", config, "--resume"))
        {
            string stderr = resumed.StandardError.ReadToEnd();
            resumed.WaitForExit();
            Assert.True(resumed.ExitCode == 0, stderr);
            Assert.Contains("resuming from checkpoint-2", stderr);
        }
        AssertSameAsBaseline(dir);
    }

    static Process Cli(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["R1OMNI_ROOT"] = TestPaths.RepoRoot;
        return Process.Start(start)!;
    }

    [Fact]
    public void ACompletedRunIsNotOverwrittenWithoutResume()
    {
        var (rc, stderr) = Sft(SftData.Config(baseline.RunDir, []));
        Assert.Equal(1, rc);
        Assert.Contains("already holds a run", stderr);
    }

    [Fact]
    public void AnUnwritableOutputFolderFailsBeforeTraining()
    {
        string file = Path.Combine(TestPaths.NewTempDir(), "not-a-folder");
        File.WriteAllText(file, "");
        var (rc, stderr) = Sft(SftData.Config(Path.Combine(file, "run"), []));
        Assert.Equal(1, rc);
        Assert.Contains("is not writable", stderr);
    }

    [Fact]
    public void AnUnknownConfigKeyIsNamed()
    {
        var (rc, stderr) = Sft(SftData.Config(TestPaths.NewTempDir(), new JsonObject { ["epochs"] = 3 }));
        Assert.Equal(1, rc);
        Assert.Contains("unknown key 'epochs'", stderr);
    }

    [Fact]
    public void AResumeUnderAnotherSetupIsRefusedNamingWhatDiffers()
    {
        string dir = TestPaths.CopyOf(baseline.RunDir);
        using (var fingerprint = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "fingerprint.json"))))
            foreach (string key in new[] { "init_checkpoint", "train_data", "learning_rate", "dtype", "modality" })
                Assert.True(fingerprint.RootElement.TryGetProperty(key, out _), $"fingerprint.json lacks '{key}'");

        var (rc, stderr) = Sft(SftData.Config(dir, new JsonObject { ["learning_rate"] = 2e-3 }), "--resume");
        Assert.Equal(1, rc);
        Assert.Contains("this run was started with another setup — learning_rate: stored '0.001', now '0.002'", stderr);

        // Other data under the same settings: named by its contents, not its path.
        string other = SftData.Config(dir, new JsonObject { ["train_data"] = SftData.ColdStart(3) });
        var (rc2, stderr2) = Sft(other, "--resume");
        Assert.Equal(1, rc2);
        Assert.Contains("train_data: stored 'sha256 ", stderr2);
        Assert.DoesNotContain("learning_rate", stderr2);

        // Logging and saving settings may change.
        var (rc3, stderr3) = Sft(SftData.Config(dir, new JsonObject { ["logging_steps"] = 2, ["save_total_limit"] = 3 }), "--resume");
        Assert.True(rc3 == 0, stderr3);
    }

    static (int Rc, string Stderr) Sft(string config, params string[] extra)
    {
        var stderr = new StringWriter();
        int rc = CommandRegistry.Main(["sft", "--config", config, .. extra], new StringWriter(), stderr);
        return (rc, stderr.ToString());
    }
}
