using R1Omni.Training;

namespace R1Omni.Tests.Training;

public class RunCheckpointsTests
{
    static void Complete(string folder) => File.WriteAllText(Path.Combine(folder, TrainerState.FileName), "{}");

    [Fact]
    public void SavingRenamesATemporaryFolderAndKeepsTheNewest()
    {
        string run = TestPaths.NewTempDir();
        foreach (int step in new[] { 2, 4, 6 }) RunCheckpoints.Save(run, step, Complete, keepLast: 2);
        Assert.Equal(["checkpoint-4", "checkpoint-6"], Directory.GetDirectories(run).Select(Path.GetFileName).Order());
        Assert.Equal(Path.Combine(run, "checkpoint-6"), RunCheckpoints.Latest(run));
    }

    [Fact]
    public void IncompleteAndTemporaryFoldersAreIgnoredAndRemoved()
    {
        string run = TestPaths.NewTempDir();
        RunCheckpoints.Save(run, 3, Complete, keepLast: 0);
        Directory.CreateDirectory(Path.Combine(run, "checkpoint-9.tmp"));
        Complete(Path.Combine(run, "checkpoint-9.tmp"));
        Directory.CreateDirectory(Path.Combine(run, "checkpoint-12"));            // no trainer state: never completed
        Directory.CreateDirectory(Path.Combine(run, "checkpoint-final"));
        Assert.Equal(Path.Combine(run, "checkpoint-3"), RunCheckpoints.Latest(run));
        RunCheckpoints.RemoveIncomplete(run);
        Assert.False(Directory.Exists(Path.Combine(run, "checkpoint-9.tmp")));
    }

    [Fact]
    public void APruningKilledHalfwayLeavesNothingThatLooksLikeACheckpoint()
    {
        // Pruning renames checkpoint-N to checkpoint-N.deleting before deleting it, so a kill in the middle leaves a
        // .deleting folder — here one that still has its completeness marker and only bert/ of its weights.
        string run = TestPaths.NewTempDir();
        RunCheckpoints.Save(run, 4, Complete, keepLast: 1);
        string halfDeleted = Path.Combine(run, "checkpoint-2" + RunCheckpoints.DeletingSuffix);
        Directory.CreateDirectory(Path.Combine(halfDeleted, "bert"));
        Complete(halfDeleted);
        Assert.Equal([(4, Path.Combine(run, "checkpoint-4"))], RunCheckpoints.List(run));
        RunCheckpoints.RemoveIncomplete(run);
        Assert.False(Directory.Exists(halfDeleted));

        // Pruning and overwriting leave no .deleting folder behind when they finish.
        RunCheckpoints.Save(run, 6, Complete, keepLast: 1);
        RunCheckpoints.Save(run, 6, Complete, keepLast: 1);
        Assert.Equal(["checkpoint-6"], Directory.GetDirectories(run).Select(Path.GetFileName));
    }

    [Fact]
    public void AFullDiskDuringACheckpointIsOneNamedErrorAndLeavesTheEarlierCheckpoints()
    {
        string run = TestPaths.NewTempDir();
        RunCheckpoints.Save(run, 2, Complete, keepLast: 2);
        // /dev/full fails every write with ENOSPC, as a full disk does.
        var e = Assert.Throws<R1OmniException>(() => RunCheckpoints.Save(run, 4, folder =>
        {
            File.CreateSymbolicLink(Path.Combine(folder, "model.safetensors"), "/dev/full");
            using var stream = new FileStream(Path.Combine(folder, "model.safetensors"), FileMode.Open, FileAccess.Write);
            stream.Write(new byte[1 << 16]);
            stream.Flush();
        }, keepLast: 2));
        Assert.StartsWith($"{Path.Combine(run, "checkpoint-4")}: the checkpoint could not be written (No space left on device", e.Message);
        Assert.EndsWith("resume (--resume) from checkpoint-2", e.Message);
        Assert.Equal(["checkpoint-2"], Directory.GetDirectories(run).Select(Path.GetFileName));
        Assert.Equal(Path.Combine(run, "checkpoint-2"), RunCheckpoints.Latest(run));
    }

    [Fact]
    public void AnUnwritableOutputFolderIsAClearError()
    {
        string file = Path.Combine(TestPaths.NewTempDir(), "a-file");
        File.WriteAllText(file, "");
        var e = Assert.Throws<R1OmniException>(() => Preflight.CheckOutputFolder(Path.Combine(file, "run"), 1000));
        Assert.Contains("is not writable", e.Message);
        Assert.Contains(Path.Combine(file, "run"), e.Message);
    }

    [Fact]
    public void NotEnoughFreeDiskIsAClearError()
    {
        var e = Assert.Throws<R1OmniException>(() => Preflight.CheckOutputFolder(TestPaths.NewTempDir(), long.MaxValue / 2));
        Assert.Contains("free, but the run needs room for one checkpoint: about", e.Message);
    }

    [Fact]
    public void ThePreflightBudgetsEveryCheckpointThatCanExistAtOnce()
    {
        // save_total_limit 2: the third is written before the first is pruned.
        Assert.Equal(3, Preflight.CheckpointBudget(saveTotalLimit: 2, saveSteps: 2, totalSteps: 10, existing: 0).Copies);
        Assert.Equal(1, Preflight.CheckpointBudget(2, 2, 10, existing: 2).Copies);
        Assert.Equal(2, Preflight.CheckpointBudget(5, 5, 10, existing: 0).Copies);     // only two saves in the run
        Assert.Equal(5, Preflight.CheckpointBudget(0, 2, 10, existing: 0).Copies);     // no limit: every save stays
        string dir = TestPaths.NewTempDir();
        long free = new DriveInfo(dir).AvailableFreeSpace, bytes = (long)(free / 2.5);
        Preflight.CheckOutputFolder(dir, bytes);                                       // one fits
        var (copies, why) = Preflight.CheckpointBudget(2, 2, 10, 0);
        var e = Assert.Throws<R1OmniException>(() => Preflight.CheckOutputFolder(dir, bytes, copies, why));
        Assert.Contains("needs room for 3 more checkpoints (save_total_limit 2 + the one being written, 0 already there)", e.Message);
    }
}
