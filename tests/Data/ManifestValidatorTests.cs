using R1Omni.Data;
using R1Omni.Media;

namespace R1Omni.Tests.Data;

public class ManifestValidatorTests
{
    /// <summary>A DFEW-like folder: 2 good clips, one missing, one zero-byte, one with a label outside the set,
    /// one unlabelled and one repeated id.</summary>
    internal static Manifest Flawed(out string root)
    {
        root = TestPaths.NewTempDir();
        string r = root;
        ManifestItem Item(string clip, string? label) => new() { Id = "dfew/" + clip, Video = Path.Combine(r, clip + ".mp4"), Label = label, Source = "dfew" };
        foreach (var clip in new[] { "00001", "00002", "00005", "00006" }) DatasetTrees.WriteClip(Path.Combine(root, clip + ".mp4"));
        File.WriteAllBytes(Path.Combine(root, "00004.mp4"), []);
        return new Manifest("flawed", root,
        [
            Item("00001", "happy"), Item("00002", "sad"), Item("00003", "angry"), Item("00004", "fear"),
            Item("00005", "happiness"), Item("00006", null), Item("00001", "happy"),
        ]);
    }

    [Fact]
    public void CountsEveryKindOfProblem()
    {
        var m = Flawed(out string root);
        var report = ManifestValidator.Validate(m, new ValidationOptions { Labels = LabelMap.BuiltIn("dfew"), RequireLabels = true });

        Assert.False(report.IsValid);
        Assert.Equal(7, report.Total);
        Assert.Equal(2, report.Valid);
        Assert.Equal(1, report.Count(ValidationIssueKind.MissingFile));
        Assert.Equal(1, report.Count(ValidationIssueKind.CorruptFile));
        Assert.Equal(1, report.Count(ValidationIssueKind.MissingLabel));
        Assert.Equal(1, report.Count(ValidationIssueKind.UnknownLabel));
        Assert.Equal(1, report.Count(ValidationIssueKind.DuplicateId));
        Assert.Equal([2, 3, 4, 5, 6], report.BadIndices.Order());

        var corrupt = report.Issues.Single(i => i.Kind == ValidationIssueKind.CorruptFile);
        Assert.Equal(("dfew/00004", Path.Combine(root, "00004.mp4"), "empty file (0 bytes)"), (corrupt.Id, corrupt.Video, corrupt.Message));
        Assert.StartsWith("label 'happiness' is not in the dfew set (happy, sad,", report.Issues.Single(i => i.Kind == ValidationIssueKind.UnknownLabel).Message);
        Assert.EndsWith("(did you mean 'happy'?)", report.Issues.Single(i => i.Kind == ValidationIssueKind.UnknownLabel).Message);
        Assert.Equal("id already used by item 1", report.Issues.Single(i => i.Kind == ValidationIssueKind.DuplicateId).Message);

        string text = report.ToString();
        Assert.Contains("manifest flawed: 7 items, 2 valid, 5 with problems", text);
        Assert.Contains($"e.g. dfew/00003 ({Path.Combine(root, "00003.mp4")}): file not found", text);
        Assert.EndsWith("PROBLEMS FOUND" + Environment.NewLine, text);
    }

    [Fact]
    public void LabelsAreOptionalUnlessRequiredAndUncheckedWithoutALabelSet()
    {
        var report = ManifestValidator.Validate(Flawed(out _));
        Assert.Equal(0, report.Count(ValidationIssueKind.MissingLabel));
        Assert.Equal(0, report.Count(ValidationIssueKind.UnknownLabel));
        Assert.Equal(3, report.Issues.Count);
    }

    [Fact]
    public void PerSourceLabelSetsOverrideTheCommonOne()
    {
        var items = new[] { ("dfew", "angry"), ("mafw", "angry"), ("mafw", "anxious"), ("dfew", "anxious") }
            .Select((x, i) => new ManifestItem { Id = $"{i}", Video = "/dev/null", Source = x.Item1, Label = x.Item2 }).ToList();
        var options = new ValidationOptions
        {
            LabelsBySource = new Dictionary<string, LabelMap> { ["dfew"] = LabelMap.BuiltIn("dfew"), ["mafw"] = LabelMap.BuiltIn("mafw") },
            Probe = _ => null,
        };
        var report = ManifestValidator.Validate(new Manifest("m", null, items), options);
        Assert.Equal("3", report.Issues.Single().Id);
    }

    [Fact]
    public void TheProbeIsInjectableAndItsExceptionsAreCorruptFiles()
    {
        var m = Flawed(out _);
        var seen = new List<string>();
        var report = ManifestValidator.Validate(m, new ValidationOptions
        {
            Probe = path =>
            {
                seen.Add(Path.GetFileName(path));
                return path.EndsWith("00002.mp4") ? "moov atom not found" : path.EndsWith("00005.mp4") ? throw new InvalidDataException("boom") : null;
            },
        });
        Assert.Equal(["00001.mp4", "00002.mp4", "00004.mp4", "00005.mp4", "00006.mp4", "00001.mp4"], seen);  // only existing files are probed
        var corrupt = report.Issues.Where(i => i.Kind == ValidationIssueKind.CorruptFile).ToList();
        Assert.Equal(["dfew/00002: moov atom not found", "dfew/00005: probe failed: InvalidDataException: boom"], corrupt.Select(i => $"{i.Id}: {i.Message}"));
    }

    [Fact]
    public void FilterValidDropsBadItemsAndKeepsTheFirstOfRepeatedIds()
    {
        var (valid, report) = ManifestValidator.FilterValid(Flawed(out _), new ValidationOptions { Labels = LabelMap.BuiltIn("dfew"), RequireLabels = true });
        Assert.Equal(["dfew/00001", "dfew/00002"], valid.Items.Select(i => i.Id));
        Assert.Equal("flawed", valid.Name);
        Assert.Equal(5, report.BadIndices.Count);

        var (clean, cleanReport) = ManifestValidator.FilterValid(valid);
        Assert.True(cleanReport.IsValid);
        Assert.EndsWith("OK" + Environment.NewLine, cleanReport.ToString());
        Assert.Equal(valid.Items, clean.Items);
    }

    [Fact]
    public void DefaultProbeReportsEmptyAndUnreadableFiles()
    {
        string dir = TestPaths.NewTempDir();
        string good = Path.Combine(dir, "a.mp4"), empty = Path.Combine(dir, "b.mp4");
        DatasetTrees.WriteClip(good);
        File.WriteAllBytes(empty, []);
        Assert.Null(MediaProbe.NonEmptyFile(good));
        Assert.Equal("empty file (0 bytes)", MediaProbe.NonEmptyFile(empty));
        Assert.StartsWith("cannot be read", MediaProbe.NonEmptyFile(dir));
    }
}
