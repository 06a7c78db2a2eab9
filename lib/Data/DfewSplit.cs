using System.Globalization;

namespace R1Omni.Data;

/// <summary>
/// DFEW's official single-label 5-fold splits (as the dataset ships them; see data/README.md):
/// <c>EmoLabel_DataSplit/{train,test}(single-labeled)/set_N.csv</c> with a header and columns <c>video_name</c> (an
/// integer) and <c>label</c> (1..7). Clip names are zero-padded to 5 digits; where the clips lie is a layout template,
/// by default <see cref="DefaultClipLayout"/>.
/// </summary>
public static class DfewSplit
{
    /// <summary>The original videos of the DFEW release (<c>Clip/original/00001.mp4</c>).</summary>
    public const string DefaultClipLayout = "Clip/original/{clip}.mp4";

    public static string SplitFile(string root, int fold, DatasetSplit split) =>
        Path.Combine(root, "EmoLabel_DataSplit", $"{(split == DatasetSplit.Train ? "train" : "test")}(single-labeled)", $"set_{CheckFold(fold)}.csv");

    /// <summary>Reads one fold's train or test list; ids are "dfew/00001", labels the R1-Omni strings.</summary>
    public static Manifest Read(string root, int fold, DatasetSplit split, string clipLayout = DefaultClipLayout, LabelMap? labels = null)
    {
        string csv = SplitFile(root, fold, split);
        if (!File.Exists(csv))
            throw new R1OmniException($"DFEW split file not found: {csv} (expected EmoLabel_DataSplit/{{train,test}}(single-labeled)/set_{{1..5}}.csv under the DFEW root)");
        string name = $"dfew-{split.ToString().ToLowerInvariant()}-set{fold}";
        return new Manifest(name, root, ReadCsv(csv, root, clipLayout, labels ?? LabelMap.BuiltIn("dfew"), fold, split));
    }

    /// <summary>Reads any CSV of this shape (header with video_name and label columns, in any order).</summary>
    public static IReadOnlyList<ManifestItem> ReadCsv(string csv, string root, string clipLayout, LabelMap labels, int fold, DatasetSplit split)
    {
        ClipTemplate.Check(clipLayout);
        var lines = File.ReadAllLines(csv);
        int headerAt = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerAt < 0) throw new R1OmniException($"{csv}: empty file (expected a header 'video_name,label')");
        var header = lines[headerAt].TrimStart('\uFEFF').Split(',').Select(h => h.Trim()).ToList();
        int nameCol = header.IndexOf("video_name"), labelCol = header.IndexOf("label");
        if (nameCol < 0 || labelCol < 0)
            throw new R1OmniException($"{csv}:{headerAt + 1}: header '{lines[headerAt]}' lacks the columns video_name and label");
        var items = new List<ManifestItem>();
        for (int i = headerAt + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            string where = $"{csv}:{i + 1}";
            var cells = lines[i].Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length != header.Count) throw new R1OmniException($"{where}: {cells.Length} column(s), expected {header.Count} like the header");
            if (!int.TryParse(cells[nameCol], NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                throw new R1OmniException($"{where}: video_name '{cells[nameCol]}' is not a clip number");
            if (!int.TryParse(cells[labelCol], NumberStyles.None, CultureInfo.InvariantCulture, out int labelNumber))
                throw new R1OmniException($"{where}: label '{cells[labelCol]}' is not a class number (expected 1..7)");
            var cls = labels.ClassForKey(labelNumber.ToString(CultureInfo.InvariantCulture), where);
            string clip = number.ToString("D5", CultureInfo.InvariantCulture);
            items.Add(new ManifestItem
            {
                Id = "dfew/" + clip,
                Video = ClipTemplate.Resolve(root, clipLayout, clip),
                Label = cls.Label,
                Source = "dfew",
                Meta = new Dictionary<string, string>
                {
                    ["fold"] = fold.ToString(CultureInfo.InvariantCulture),
                    ["split"] = split.ToString().ToLowerInvariant(),
                    ["dfew_label"] = cls.Key,
                },
            });
        }
        return items;
    }

    internal static int CheckFold(int fold) =>
        fold is >= 1 and <= 5 ? fold : throw new R1OmniException($"fold {fold} does not exist (expected 1..5)");
}
