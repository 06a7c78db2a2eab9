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
    public void AFailedWriteLeavesOnlyATemporaryFolder()
    {
        string run = TestPaths.NewTempDir();
        Assert.Throws<IOException>(() => RunCheckpoints.Save(run, 5, _ => throw new IOException("disk full"), keepLast: 0));
        Assert.Null(RunCheckpoints.Latest(run));
        Assert.True(Directory.Exists(Path.Combine(run, "checkpoint-5.tmp")));
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
        Assert.Contains("free, but one checkpoint needs about", e.Message);
    }
}
