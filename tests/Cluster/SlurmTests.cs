using System.Diagnostics;
using R1Omni.Tests.Inference;

namespace R1Omni.Tests.Cluster;

/// <summary>
/// Runs only where a single-node Slurm can be brought up: as root on Linux with Slurm installed or apt-get to install
/// it (Debian's packages). Elsewhere the test is skipped with that reason.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "Slurm needs Linux";
        else if (Environment.UserName != "root") Skip = "starting Slurm's daemons needs root";
        else if (!File.Exists("/usr/sbin/slurmctld") && !File.Exists("/usr/bin/apt-get")) Skip = "Slurm is not installed and there is no apt-get to install it";
    }
}

/// <summary>
/// A real Slurm: environment/slurm/single-node installs and starts it, environment/slurm/submit-evaluate submits an
/// array job of 3 shards over a small SynthEmo manifest and a dependent merge, and the merged metrics equal those of
/// an unsharded run. Slurm is stopped afterwards unless it was already running.
/// </summary>
public class SlurmTests
{
    static readonly string Scripts = Path.Combine(TestPaths.RepoRoot, "environment", "slurm");

    [SlurmFact]
    public void AnArrayJobOfThreeShardsAndItsMergeGiveTheUnshardedMetrics()
    {
        bool wasRunning = Run("scontrol", "ping").Output.Contains("is UP", StringComparison.Ordinal);
        var (rc, output) = Run(Path.Combine(Scripts, "single-node"), "start");
        Assert.True(rc == 0, output);
        try
        {
            string manifest = EvaluateCommandTests.Manifest.Value, sharded = TestPaths.NewTempDir("slurm-eval");
            (rc, output) = Run(Path.Combine(Scripts, "submit-evaluate"), "--model", TinyCheckpoint.Path, "--manifest", manifest, "--out", sharded,
                               "--shards", "3", "--", "--max-new-tokens", "4", "--batch", "4", "--dtype", "fp32");
            Assert.True(rc == 0, output);
            var ids = output.Trim().Split(' ');
            Assert.Equal(2, ids.Length);
            string merge = ids[1];
            Assert.Equal("COMPLETED", WaitFor(merge, TimeSpan.FromMinutes(5), sharded));
            foreach (int k in new[] { 1, 2, 3 }) Assert.True(Directory.Exists(Path.Combine(sharded, $"shard-{k}-of-3")), $"shard {k}");

            string unsharded = TestPaths.NewTempDir();
            var (rcu, _, stderr) = EvaluateCommandTests.EvaluateManifest(manifest, unsharded);
            Assert.True(rcu == 0, stderr);
            foreach (string file in new[] { "metrics.json", "summary.csv" })
                Assert.Equal(File.ReadAllText(Path.Combine(unsharded, file)), File.ReadAllText(Path.Combine(sharded, file)));
        }
        finally
        {
            if (!wasRunning) Run(Path.Combine(Scripts, "single-node"), "stop");
        }
    }

    /// <summary>Polls `scontrol show job` (no accounting, so no sacct) until the job has ended; returns its state.</summary>
    static string WaitFor(string job, TimeSpan limit, string outDir)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            string show = Run("scontrol", "show", "job", job).Output;
            string state = show.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.StartsWith("JobState=", StringComparison.Ordinal))?[9..] ?? "";
            if (state is "COMPLETED" or "FAILED" or "CANCELLED" or "TIMEOUT" or "NODE_FAIL" or "OUT_OF_MEMORY")
                return state == "COMPLETED" ? state : state + ": " + Logs(outDir);
            Thread.Sleep(500);
        }
        return "still not done after " + limit + ": " + Logs(outDir);
    }

    static string Logs(string outDir) => string.Join("\n", Directory.GetFiles(Path.Combine(outDir, "slurm"), "*.out").Order(StringComparer.Ordinal)
        .Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));

    static (int Rc, string Output) Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{tool}: {e.Message}");
        }
    }
}
