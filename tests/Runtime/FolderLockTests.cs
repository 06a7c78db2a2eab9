using System.Diagnostics;
using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Runtime;
using R1Omni.Training.Grpo;
using R1Omni.Training.Sft;

namespace R1Omni.Tests.Runtime;

/// <summary>One writer per run or evaluation folder, with a lock that dies with its process.</summary>
public class FolderLockTests
{
    [Fact]
    public void ASecondWriterIsRefusedWithTheHolderNamedAndTheLockIsFreedOnDispose()
    {
        string dir = Path.Combine(TestPaths.NewTempDir(), "eval");
        using (var first = FolderLock.Acquire(dir, "evaluation"))
        {
            var e = Assert.Throws<R1OmniException>(() => FolderLock.Acquire(dir, "evaluation"));
            Assert.Contains(Path.GetFullPath(dir), e.Message);
            Assert.Contains("another process is writing to this evaluation folder", e.Message);
            Assert.Contains($"process {Environment.ProcessId}", e.Message);
        }
        FolderLock.Acquire(dir, "evaluation").Dispose();
    }

    [Fact]
    public void EvaluationAndTrainingTakeTheLockBeforeTouchingTheFolder()
    {
        string dir = TestPaths.NewTempDir();
        using var held = FolderLock.Acquire(dir, "evaluation");
        var manifest = new Manifest("m", dir, [new ManifestItem { Id = "a", Video = Path.Combine(dir, "a.mp4"), Label = "happy", Source = "dfew" }]);
        var e = Assert.Throws<R1OmniException>(() => EvaluationRunner.Run(manifest, _ => throw new InvalidOperationException("no model"), dir));
        Assert.Contains("another process is writing", e.Message);
        Assert.False(File.Exists(Path.Combine(dir, EvaluationRunner.PredictionsFile)));

        var sft = Assert.Throws<R1OmniException>(() => SftTrainer.Run(SftConfig.ColdStart with { OutputDir = dir, Model = "/nonexistent", TrainData = "/nonexistent.json" }, resume: true, TextWriter.Null));
        Assert.Contains("another process is writing to this training run folder", sft.Message);
        var grpo = Assert.Throws<R1OmniException>(() => GrpoTrainer.Run(GrpoConfig.Defaults with { OutputDir = dir, Model = "/nonexistent", TrainData = Path.Combine(dir, "none.json") }, resume: true, TextWriter.Null));
        Assert.Contains("another process is writing to this training run folder", grpo.Message);
    }

    [Fact]
    public void ALockHeldByAnotherProcessBlocksUntilThatProcessIsKilled()
    {
        string dir = TestPaths.NewTempDir();
        // util-linux flock takes the same flock(LOCK_EX) .NET takes; -o keeps the lock in flock's own process only.
        var holder = Process.Start(new ProcessStartInfo("flock", ["-o", Path.Combine(dir, FolderLock.FileName), "-c", "echo locked; exec sleep 60"])
        {
            RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        try
        {
            Assert.Equal("locked", holder.StandardOutput.ReadLine());
            var e = Assert.Throws<R1OmniException>(() => FolderLock.Acquire(dir, "training run"));
            Assert.Contains("another process is writing to this training run folder", e.Message);
            holder.Kill(entireProcessTree: true);                               // kill -9: no chance to clean up
            holder.WaitForExit();
            FolderLock.Acquire(dir, "training run").Dispose();
        }
        finally
        {
            if (!holder.HasExited) holder.Kill(entireProcessTree: true);
        }
    }
}
