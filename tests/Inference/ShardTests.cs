using R1Omni.Data;
using R1Omni.Evaluation;

namespace R1Omni.Tests.Inference;

/// <summary>`evaluate --shard K/N` and `--merge N`: a stable partition, merged files equal to an unsharded run's, resume, and named merge errors.</summary>
public class ShardTests
{
    static (int rc, string stdout, string stderr) Evaluate(string outDir, params string[] extra) =>
        EvaluateCommandTests.EvaluateManifest(EvaluateCommandTests.Manifest.Value, outDir, extra);

    static (int rc, string stdout, string stderr) Merge(string outDir, int shards)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = R1Omni.Cli.CommandRegistry.Main(["evaluate", "--merge", shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
                                           "--manifest", EvaluateCommandTests.Manifest.Value, "--out", outDir], stdout, stderr);
        return (rc, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ThePartitionCoversEveryItemOnceAndAddedItemsMoveNoOther()
    {
        var ids = Enumerable.Range(0, 300).Select(i => $"dfew/{i:D5}").ToList();
        var shardOf = ids.ToDictionary(id => id, id => Shard.Of(id, 4));
        Assert.All(shardOf.Values, k => Assert.InRange(k, 1, 4));
        Assert.All(Enumerable.Range(1, 4), k => Assert.InRange(shardOf.Values.Count(v => v == k), 50, 100));   // roughly even
        var more = ids.Concat(Enumerable.Range(300, 100).Select(i => $"dfew/{i:D5}")).ToList();
        Assert.All(ids, id => Assert.Equal(shardOf[id], Shard.Of(id, 4)));
        Assert.Equal(more.Count, Enumerable.Range(1, 4).Sum(k => more.Count(id => Shard.Of(id, 4) == k)));

        Assert.Equal(new Shard(2, 3), Shard.Parse("2/3"));
        foreach (string bad in new[] { "0/3", "4/3", "3", "a/b", "-1/2", "1/0" })
            Assert.Contains("expected K/N with 1 ≤ K ≤ N", Assert.Throws<R1OmniException>(() => Shard.Parse(bad)).Message);
    }

    [Fact]
    public void ShardsMergeIntoTheFilesOfAnUnshardedRunAndAKilledShardResumes()
    {
        string unsharded = TestPaths.NewTempDir(), sharded = TestPaths.NewTempDir();
        var (rc, stdout, stderr) = Evaluate(unsharded);
        Assert.True(rc == 0, stderr);
        for (int k = 1; k <= 3; k++)
        {
            var (rck, _, errk) = Evaluate(sharded, "--shard", $"{k}/3");
            Assert.True(rck == 0, errk);
        }
        // Shard 2 "killed" after its first prediction, in the middle of writing the second: resubmitted, it resumes.
        string shard2 = Path.Combine(sharded, "shard-2-of-3", "predictions.jsonl");
        var lines = File.ReadAllLines(shard2);
        Assert.True(lines.Length >= 2, $"shard 2 drew {lines.Length} items");
        File.WriteAllText(shard2, lines[0] + "\n" + lines[1][..10]);
        var (rc2, _, err2) = Evaluate(sharded, "--shard", "2/3");
        Assert.True(rc2 == 0, err2);
        Assert.Contains("resuming: 1 of", err2);

        var (rcm, stdoutm, errm) = Merge(sharded, 3);
        Assert.True(rcm == 0, errm);
        foreach (string file in new[] { "metrics.json", "summary.csv", "validation.txt", Path.Combine("synthemo", "answer", "confusion.csv") })
            Assert.Equal(File.ReadAllText(Path.Combine(unsharded, file)), File.ReadAllText(Path.Combine(sharded, file)));
        var a = PredictionStore.ReadAll(Path.Combine(unsharded, "predictions.jsonl"));
        var b = PredictionStore.ReadAll(Path.Combine(sharded, "predictions.jsonl"));
        Assert.Equal(a.Select(r => (r.Id, r.Response, r.Label)), b.Select(r => (r.Id, r.Response, r.Label)));
        Assert.Equal(stdout.Replace(unsharded, "OUT"), stdoutm.Replace(sharded, "OUT"));
        Assert.Equal(File.ReadAllText(Path.Combine(unsharded, "fingerprint.json")), File.ReadAllText(Path.Combine(sharded, "fingerprint.json")));
    }

    [Fact]
    public void AMissingIncompleteOrMismatchedShardIsANamedError()
    {
        string dir = TestPaths.NewTempDir();
        for (int k = 1; k <= 2; k++) Assert.Equal(0, Evaluate(dir, "--shard", $"{k}/3").rc);
        var (rc, _, stderr) = Merge(dir, 3);
        Assert.Equal(1, rc);
        Assert.Contains("shard 3/3 has no predictions.jsonl", stderr);
        Assert.False(File.Exists(Path.Combine(dir, "predictions.jsonl")));

        // Shard 3 asked another question: the merge names both shards' settings.
        Assert.Equal(0, Evaluate(dir, "--shard", "3/3", "--instruction", "Which emotion?").rc);
        (rc, _, stderr) = Merge(dir, 3);
        Assert.Equal(1, rc);
        Assert.Contains("shard 3/3 was made by another setup than shard 1/3 — instruct: shard 1/3 '", stderr);
        Assert.Contains(", shard 3/3 'Which emotion?'", stderr);

        // Rerun as the others, then one prediction lost: the merge names the incomplete shard and writes nothing.
        Assert.Equal(0, Evaluate(dir, "--shard", "3/3", "--restart").rc);
        var shard = Enumerable.Range(1, 3).Select(k => Path.Combine(dir, $"shard-{k}-of-3", "predictions.jsonl"))
            .First(p => File.ReadAllLines(p).Length > 0);
        var lines = File.ReadAllLines(shard);
        File.WriteAllLines(shard, lines[1..]);
        (rc, _, stderr) = Merge(dir, 3);
        Assert.Equal(1, rc);
        Assert.Contains($"has no prediction for 1 of its items", stderr);
        Assert.Contains("Resubmit those shards (they resume)", stderr);
        Assert.False(File.Exists(Path.Combine(dir, "predictions.jsonl")) && File.ReadAllLines(Path.Combine(dir, "predictions.jsonl")).Length > 0);
    }
}
