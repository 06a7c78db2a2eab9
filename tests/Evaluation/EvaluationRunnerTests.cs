using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Tests.Data;

namespace R1Omni.Tests.Evaluation;

public class EvaluationRunnerTests
{
    /// <summary>6 DFEW and 4 MAFW clips that exist on disk.</summary>
    static Manifest Mixed()
    {
        string root = TestPaths.NewTempDir();
        var items = new List<ManifestItem>();
        string[] dfew = ["happy", "happy", "sad", "angry", "fear", "neutral"];
        string[] mafw = ["angry", "contemptuous", "anxious", "sad"];
        foreach (var (label, i) in dfew.Select((l, i) => (l, i)))
            items.Add(new ManifestItem { Id = $"dfew/{i:D5}", Video = Path.Combine(root, $"d{i}.mp4"), Label = label, Source = "dfew" });
        foreach (var (label, i) in mafw.Select((l, i) => (l, i)))
            items.Add(new ManifestItem { Id = $"mafw/{i:D5}", Video = Path.Combine(root, $"m{i}.mp4"), Label = label, Source = "mafw" });
        foreach (var item in items) DatasetTrees.WriteClip(item.Video);
        return new Manifest("mixed", root, items);
    }

    /// <summary>A stand-in model: answers correctly in tags for even positions, with a bare capitalised word for odd ones.</summary>
    static string Respond(ManifestItem item)
    {
        int n = int.Parse(item.Id[^5..]);
        return n % 2 == 0 ? $"<think>looking at {item.Id}</think>\n<answer>{item.Label}</answer>" : "  Neutral";
    }

    static Func<IReadOnlyList<ManifestItem>, IReadOnlyList<string>> Model(List<int> batchSizes) =>
        batch => { batchSizes.Add(batch.Count); return batch.Select(Respond).ToList(); };

    [Fact]
    public void SourcesThatSanitiseAlikeGetFoldersOfTheirOwn()
    {
        string root = TestPaths.NewTempDir();
        var records = new[] { ("s.1", "happy", "happy"), ("s_1", "sad", "happy"), ("", "sad", "sad") }.Select((r, i) =>
            new PredictionRecord { Id = $"clip{i}", Video = Path.Combine(root, $"c{i}.mp4"), Source = r.Item1, Label = r.Item2, Response = r.Item3, Answer = r.Item3 }).ToList();
        string outDir = TestPaths.NewTempDir();
        var scores = EvaluationRunner.Score(records, outDir, new EvaluationOptions { Modes = [AnswerMode.Answer] });

        Assert.Equal("s_1", EvaluationRunner.SourceFolder("s_1"));
        Assert.StartsWith("s_1-", EvaluationRunner.SourceFolder("s.1"));
        var folders = scores.Select(s => s.Folder).ToList();
        Assert.Equal(3, folders.Distinct().Count());
        Assert.All(folders, f => Assert.NotEqual(outDir, Path.GetDirectoryName(f)));        // the empty source gets a folder too
        Assert.Equal(100.0, scores.Single(s => s.Source == "s.1").Metrics.War, 12);
        Assert.Equal(0.0, scores.Single(s => s.Source == "s_1").Metrics.War, 12);
        foreach (var s in scores) Assert.True(File.Exists(Path.Combine(s.Folder, "metrics.json")), s.Folder);
    }

    [Fact]
    public void RunsBatchesWritesPredictionsAndScoresEachSourceInBothModes()
    {
        var manifest = Mixed();
        string outDir = TestPaths.NewTempDir();
        var batches = new List<int>();
        var progress = new StringWriter();
        var summary = EvaluationRunner.Run(manifest, Model(batches), outDir, new EvaluationOptions { BatchSize = 4, Progress = progress });

        Assert.Equal([4, 4, 2], batches);
        Assert.Equal((10, 0, 0, 10), (summary.Total, summary.Dropped, summary.Resumed, summary.Generated));
        var records = PredictionStore.ReadAll(Path.Combine(outDir, "predictions.jsonl"));
        Assert.Equal(manifest.Items.Select(i => i.Id), records.Select(r => r.Id));
        Assert.Equal(manifest.Items.Select(Respond), records.Select(r => r.Response));
        Assert.Equal(["happy", "Neutral", "sad"], records.Take(3).Select(r => r.Answer));
        // predictions.jsonl keeps both times to 0.1 ms, so a batch faster than a millisecond (a stub model) shows its
        // per-item share only to that precision.
        Assert.All(records, r => Assert.Equal(r.BatchSeconds / r.BatchSize, r.Seconds, tolerance: 1e-4));
        Assert.Equal([4, 4, 4, 4, 4, 4, 4, 4, 2, 2], records.Select(r => r.BatchSize));

        Assert.Equal([("dfew", AnswerMode.Answer), ("dfew", AnswerMode.Raw), ("mafw", AnswerMode.Answer), ("mafw", AnswerMode.Raw)],
                     summary.Scores.Select(s => (s.Source, s.Mode)));
        // dfew answer mode: items 0, 2, 4 right (happy, sad, fear), 1, 3, 5 answer "Neutral" (out of the label set; "neutral" is not "Neutral").
        var dfew = summary.Scores[0].Metrics;
        Assert.Equal(50.0, dfew.War, 12);
        Assert.Equal((50.0 + 100 + 0 + 100 + 0) / 5, dfew.Uar, 12);
        Assert.Equal(3, dfew.OutOfLabel.Single().Value);
        // Raw mode: nothing matches exactly.
        Assert.Equal((0.0, 0.0), (summary.Scores[1].Metrics.War, summary.Scores[1].Metrics.Uar));
        Assert.Equal(LabelMap.BuiltIn("mafw").Labels, summary.Scores[2].Metrics.Labels);

        foreach (var s in summary.Scores)
            foreach (string f in new[] { "metrics.json", "per_class.csv", "confusion.csv" })
                Assert.True(File.Exists(Path.Combine(outDir, s.Source, AnswerExtraction.Name(s.Mode), f)), $"{s.Source}/{s.Mode}/{f}");
        var csv = File.ReadAllLines(Path.Combine(outDir, "summary.csv"));
        Assert.Equal("source,mode,n,war,uar,out_of_label,errors", csv[0]);
        Assert.Equal("dfew,answer,6,50,50,3,0", csv[1]);
        Assert.Equal(5, csv.Length);

        string log = progress.ToString();
        Assert.Contains("[eval] 4/10 (40.0%)", log);
        Assert.Contains("[eval] 10/10 (100.0%)", log);
        Assert.Contains("items/s  ETA ", log);
        Assert.Contains("[eval] dfew/answer: n=6 WAR=50.00 UAR=50.00", log);
    }

    [Fact]
    public void AnInterruptedRunResumesWhereItStopped()
    {
        var manifest = Mixed();
        string outDir = TestPaths.NewTempDir();
        int calls = 0;
        Assert.Throws<InvalidOperationException>(() => EvaluationRunner.Run(manifest, batch =>
        {
            if (++calls == 3) throw new InvalidOperationException("out of memory");
            return batch.Select(Respond).ToList();
        }, outDir, new EvaluationOptions { BatchSize = 3 }));
        Assert.Equal(6, PredictionStore.ReadAll(Path.Combine(outDir, "predictions.jsonl")).Count);

        // A kill while writing the 7th line leaves half of it behind.
        File.AppendAllText(Path.Combine(outDir, "predictions.jsonl"), "{\"id\":\"dfew/00006\",\"vid");
        var asked = new List<string>();
        var log = new StringWriter();
        var summary = EvaluationRunner.Run(manifest, batch => { asked.AddRange(batch.Select(b => b.Id)); return batch.Select(Respond).ToList(); },
                                           outDir, new EvaluationOptions { BatchSize = 3, Progress = log });

        Assert.Equal(manifest.Items.Skip(6).Select(i => i.Id), asked);
        Assert.Equal((6, 4), (summary.Resumed, summary.Generated));
        Assert.Contains("incomplete last line", log.ToString());
        Assert.Contains("resuming: 6 of 10 items", log.ToString());
        Assert.Equal(manifest.Items.Select(i => i.Id), PredictionStore.ReadAll(Path.Combine(outDir, "predictions.jsonl")).Select(r => r.Id));

        var uninterrupted = EvaluationRunner.Run(manifest, Model([]), TestPaths.NewTempDir());
        Assert.Equal(uninterrupted.Scores.Select(s => (s.Metrics.War, s.Metrics.Uar)), summary.Scores.Select(s => (s.Metrics.War, s.Metrics.Uar)));

        // Everything done: a third run generates nothing.
        var again = EvaluationRunner.Run(manifest, _ => throw new InvalidOperationException("must not be called"), outDir);
        Assert.Equal((10, 0), (again.Resumed, again.Generated));
    }

    [Fact]
    public void BadItemsAreDroppedUpFrontAndUnlabelledOnesAreNotScored()
    {
        var manifest = Mixed();
        File.Delete(manifest.Items[1].Video);
        File.WriteAllBytes(manifest.Items[2].Video, []);
        var items = manifest.Items.ToList();
        items[4] = items[4] with { Label = null };
        string outDir = TestPaths.NewTempDir();
        var asked = new List<string>();
        var log = new StringWriter();
        var summary = EvaluationRunner.Run(manifest.WithItems(items),
            batch => { asked.AddRange(batch.Select(b => b.Id)); return batch.Select(b => "<answer>happy</answer>").ToList(); }, outDir,
            new EvaluationOptions { Progress = log });

        Assert.Equal((10, 2, 8, 1), (summary.Total, summary.Dropped, summary.Generated, summary.Unlabelled));
        Assert.DoesNotContain("dfew/00001", asked);
        Assert.DoesNotContain("dfew/00002", asked);
        Assert.Contains("dfew/00004", asked);
        Assert.Equal(2, summary.Validation!.Issues.Count);
        Assert.Contains("empty file (0 bytes)", File.ReadAllText(Path.Combine(outDir, "validation.txt")));
        Assert.Contains("1 of 8 items have no label: their predictions are stored but not scored", log.ToString());
        Assert.Equal(3, summary.Scores[0].Metrics.N);  // dfew/00000, 00003 and 00005
    }

    [Fact]
    public void AMistypedLabelStopsTheRunBeforeGenerationAndNamesTheLabelMeant()
    {
        var items = Mixed().Items.ToList();
        items[3] = items[3] with { Label = "anger" };        // not a DFEW label
        var e = Assert.Throws<R1OmniException>(() => EvaluationRunner.Run(new Manifest("typo", null, items),
            _ => throw new InvalidOperationException("must not be called"), TestPaths.NewTempDir()));
        Assert.Equal("manifest typo: source 'dfew': label 'anger' (item dfew/00003) is not in the dfew set (did you mean 'angry'?). " +
                     "Fix the labels, or pass --labels with the label set the source uses", e.Message);

        // Without a label set, a second spelling of a class the source already has would become a class of its own.
        string root = TestPaths.NewTempDir();
        var own = new[] { "happy", "joyful", "happy", "worried", "Worried", "worried" }.Select((l, i) =>
            new ManifestItem { Id = $"x/{i}", Video = Path.Combine(root, $"{i}.mp4"), Label = l, Source = "x" }).ToList();
        own.ForEach(i => DatasetTrees.WriteClip(i.Video));
        var e2 = Assert.Throws<R1OmniException>(() => EvaluationRunner.Run(new Manifest("own", root, own),
            _ => throw new InvalidOperationException("must not be called"), TestPaths.NewTempDir()));
        Assert.Contains("label 'joyful' (item x/1) looks like a second spelling of 'happy' (2 items)", e2.Message);
        Assert.Contains("label 'Worried' (item x/4) looks like a second spelling of 'worried' (2 items)", e2.Message);

        // Scoring stored predictions checks them the same way.
        var records = own.Select(i => PredictionRecord.For(i, "happy", 1, 1, DateTime.UtcNow)).ToList();
        Assert.Contains("the predictions to score: source 'x': label 'Worried'",
            Assert.Throws<R1OmniException>(() => EvaluationRunner.Score(records, TestPaths.NewTempDir())).Message);
    }

    [Fact]
    public void AnUnusableClipIsRecordedAsAnErrorAndTheRestOfItsBatchRuns()
    {
        var manifest = Mixed();
        string outDir = TestPaths.NewTempDir();
        var asked = new List<string>();
        Func<IReadOnlyList<ManifestItem>, IReadOnlyList<string>> model = batch =>
        {
            asked.AddRange(batch.Select(b => b.Id));
            if (batch.FirstOrDefault(b => b.Id is "dfew/00001" or "mafw/00002") is { } bad)
                throw new UnusableItemException(bad, "cannot be decoded (moov atom not found)", new IOException());
            return batch.Select(Respond).ToList();
        };
        var log = new StringWriter();
        var summary = EvaluationRunner.Run(manifest, model, outDir, new EvaluationOptions { BatchSize = 4, Progress = log });

        Assert.Equal(2, summary.Errors);
        var records = PredictionStore.ReadAll(Path.Combine(outDir, "predictions.jsonl"));
        Assert.Equal(10, records.Count);
        var error = records.Single(r => r.Id == "dfew/00001");
        Assert.Equal(("cannot be decoded (moov atom not found)", ""), (error.Error, error.Response));
        // The batch was run again without the bad item: each good item answered once.
        Assert.Equal(8, records.Count(r => r.Error is null));
        var dfew = summary.Scores.First(s => s.Source == "dfew" && s.Mode == AnswerMode.Answer);
        Assert.Equal((5, 1), (dfew.Metrics.N, dfew.Errors));
        Assert.Equal("dfew,answer,5,60,60,2,1", File.ReadAllLines(Path.Combine(outDir, "summary.csv"))[1]);
        Assert.Contains("[eval] error: dfew/00001", log.ToString());
        Assert.Contains("2 of 10 items could not be run", log.ToString());

        // A rerun tries the errors again; their new lines supersede the errors.
        var again = EvaluationRunner.Run(manifest, Model([]), outDir);
        Assert.Equal((8, 2, 0), (again.Resumed, again.Generated, again.Errors));
        Assert.Equal(6, again.Scores.First(s => s.Source == "dfew").Metrics.N);
        Assert.Equal(10, PredictionStore.ReadAll(Path.Combine(outDir, "predictions.jsonl")).Count);
    }

    [Fact]
    public void MoreErrorsThanTheLimitStopTheRunWithTheErrorsKept()
    {
        var manifest = Mixed();
        string outDir = TestPaths.NewTempDir();
        var e = Assert.Throws<R1OmniException>(() => EvaluationRunner.Run(manifest,
            batch => throw new UnusableItemException(batch[0], "no video stream", new IOException()), outDir, new EvaluationOptions { MaxErrors = 2 }));
        Assert.Contains("3 items could not be run, more than the limit of 2 (--max-errors); the last: dfew/00002", e.Message);
        Assert.Equal(3, PredictionStore.ReadAll(Path.Combine(outDir, "predictions.jsonl")).Count(r => r.Error == "no video stream"));
    }

    [Fact]
    public void TheResponseFunctionMustAnswerEveryItem()
    {
        var e = Assert.Throws<R1OmniException>(() =>
            EvaluationRunner.Run(Mixed(), batch => batch.Skip(1).Select(Respond).ToList(), TestPaths.NewTempDir(), new EvaluationOptions { BatchSize = 2 }));
        Assert.Equal("the response function returned 1 responses for a batch of 2 items (first: dfew/00000)", e.Message);
        Assert.Contains("at least 1", Assert.Throws<R1OmniException>(() =>
            EvaluationRunner.Run(Mixed(), b => [], TestPaths.NewTempDir(), new EvaluationOptions { BatchSize = 0 })).Message);
    }

    [Fact]
    public void RepeatedIdsStopTheRunBeforeGenerationWhenValidationIsOff()
    {
        var items = Mixed().Items.ToList();
        items.Add(items[0]);
        var e = Assert.Throws<R1OmniException>(() => EvaluationRunner.Run(new Manifest("dup", null, items),
            _ => throw new InvalidOperationException("must not be called"), TestPaths.NewTempDir(), new EvaluationOptions { Validation = null }));
        Assert.Contains("id 'dfew/00000' occurs more than once", e.Message);
    }

    [Fact]
    public void StoredPredictionsAreScoredWithTheManifestsCurrentLabels()
    {
        var manifest = Mixed();
        string outDir = TestPaths.NewTempDir();
        EvaluationRunner.Run(manifest, b => b.Select(_ => "<answer>sad</answer>").ToList(), outDir);
        var relabelled = manifest.WithItems(manifest.Items.Select(i => i with { Label = "sad" }).ToList());
        var summary = EvaluationRunner.Run(relabelled, _ => throw new InvalidOperationException("must not be called"), outDir);
        Assert.All(summary.Scores.Where(s => s.Mode == AnswerMode.Answer), s => Assert.Equal(100.0, s.Metrics.War));
    }

    [Fact]
    public void SourcesWithoutABuiltInSetUseTheirOwnLabels()
    {
        string root = TestPaths.NewTempDir();
        var items = new[] { "worried", "happy", "worried" }.Select((l, i) =>
            new ManifestItem { Id = $"emer/{i}", Video = Path.Combine(root, $"{i}.mp4"), Label = l, Source = "emer" }).ToList();
        items.ForEach(i => DatasetTrees.WriteClip(i.Video));
        var summary = EvaluationRunner.Run(new Manifest("emer", root, items), b => b.Select(_ => "worried").ToList(), TestPaths.NewTempDir(),
                                           new EvaluationOptions { Modes = [AnswerMode.Raw] });
        var m = summary.Scores.Single().Metrics;
        Assert.Equal(["happy", "worried"], m.Labels);
        Assert.Equal((200.0 / 3, 50.0), (m.War, m.Uar));
    }

    [Fact]
    public void ProgressFormat()
    {
        Assert.Equal("120/1000 (12.0%)  2.50 items/s  ETA 0:05:52", ProgressMeter.Format(120, 1000, 20, TimeSpan.FromSeconds(8)));
        Assert.Equal("3/3 (100.0%)  0.00 items/s  ETA ?", ProgressMeter.Format(3, 3, 0, TimeSpan.Zero));
        Assert.Equal("1/100001 (0.0%)  0.50 items/s  ETA 55:33:20", ProgressMeter.Format(1, 100001, 1, TimeSpan.FromSeconds(2)));
    }
}
