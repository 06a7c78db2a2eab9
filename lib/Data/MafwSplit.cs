using System.Globalization;

namespace R1Omni.Data;

/// <summary>
/// MAFW's official single-label 5-fold splits (as the dataset ships them; see data/README.md):
/// <c>split/single/no_caption/set_N/{train,test}.txt</c>, one space-separated <c>clip_name label_word</c> per line
/// (e.g. <c>00025.mp4 anger</c>). The clip name is put into a layout template as written, by default
/// <see cref="DefaultClipLayout"/>.
/// </summary>
public static class MafwSplit
{
    /// <summary>The clips of the MAFW release (<c>data/clips/00025.mp4</c>).</summary>
    public const string DefaultClipLayout = "data/clips/{clip}";

    public static string SplitFile(string root, int fold, DatasetSplit split) =>
        Path.Combine(root, "split", "single", "no_caption", $"set_{DfewSplit.CheckFold(fold)}", split == DatasetSplit.Train ? "train.txt" : "test.txt");

    /// <summary>Reads one fold's train or test list; ids are "mafw/00025", labels the R1-Omni strings (anger → angry, …).</summary>
    public static Manifest Read(string root, int fold, DatasetSplit split, string clipLayout = DefaultClipLayout, LabelMap? labels = null)
    {
        string file = SplitFile(root, fold, split);
        if (!File.Exists(file))
            throw new R1OmniException($"MAFW split file not found: {file} (expected split/single/no_caption/set_{{1..5}}/{{train,test}}.txt under the MAFW root)");
        string name = $"mafw-{split.ToString().ToLowerInvariant()}-set{fold}";
        return new Manifest(name, root, ReadList(file, root, clipLayout, labels ?? LabelMap.BuiltIn("mafw"), fold, split));
    }

    public static IReadOnlyList<ManifestItem> ReadList(string file, string root, string clipLayout, LabelMap labels, int fold, DatasetSplit split)
    {
        ClipTemplate.Check(clipLayout);
        var lines = File.ReadAllLines(file);
        var items = new List<ManifestItem>();
        for (int i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].TrimStart('\uFEFF').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            string where = $"{file}:{i + 1}";
            if (parts.Length != 2) throw new R1OmniException($"{where}: '{lines[i].Trim()}' has {parts.Length} field(s), expected 'clip_name label_word'");
            var cls = labels.ClassForKey(parts[1], where);
            items.Add(new ManifestItem
            {
                Id = "mafw/" + Path.GetFileNameWithoutExtension(parts[0]),
                Video = ClipTemplate.Resolve(root, clipLayout, parts[0]),
                Label = cls.Label,
                Source = "mafw",
                Meta = new Dictionary<string, string>
                {
                    ["fold"] = fold.ToString(CultureInfo.InvariantCulture),
                    ["split"] = split.ToString().ToLowerInvariant(),
                    ["mafw_label"] = cls.Key,
                },
            });
        }
        return items;
    }
}
