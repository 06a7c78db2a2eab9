using System.Text.Json;
using R1Omni.Json;
using R1Omni.Runtime;

namespace R1Omni.Data;

/// <summary>
/// A dataset's label set: the R1-Omni label strings (in a fixed order, used for confusion matrices) and the mapping
/// from the dataset's own class keys to them. The built-in maps live in <c>data/labels/{dfew,mafw,ravdess}.json</c>
/// (the classes and R1-Omni strings data/README.md lists); a custom map is any JSON file of the same shape.
/// </summary>
public sealed class LabelMap
{
    public static IReadOnlyList<string> BuiltInNames { get; } = ["dfew", "mafw", "ravdess"];

    readonly Dictionary<string, LabelClass> _byKey;
    readonly HashSet<string> _labels;

    public string Name { get; }
    /// <summary>The R1-Omni label strings, in the order of the data file.</summary>
    public IReadOnlyList<string> Labels { get; }
    /// <summary>The dataset classes with their keys; empty for a map made with <see cref="FromLabels"/>.</summary>
    public IReadOnlyList<LabelClass> Classes { get; }

    LabelMap(string name, IReadOnlyList<string> labels, IReadOnlyList<LabelClass> classes)
    {
        Name = name;
        Labels = labels;
        Classes = classes;
        _labels = new HashSet<string>(labels, StringComparer.Ordinal);
        _byKey = classes.ToDictionary(c => c.Key, StringComparer.Ordinal);
    }

    /// <summary>A built-in map by name (dfew, mafw, ravdess) or a label-map JSON file.</summary>
    public static LabelMap Load(string nameOrPath) =>
        BuiltInNames.Contains(nameOrPath) ? BuiltIn(nameOrPath)
        : File.Exists(nameOrPath) ? Read(nameOrPath)
        : throw new R1OmniException($"label set '{nameOrPath}' is neither a built-in name ({string.Join(", ", BuiltInNames)}) nor an existing file");

    public static LabelMap BuiltIn(string name) =>
        BuiltInNames.Contains(name)
            ? Read(Path.Combine(AppPaths.DataDir, "labels", name + ".json"))
            : throw new R1OmniException($"no built-in label set '{name}' (expected one of {string.Join(", ", BuiltInNames)})");

    /// <summary>The built-in map of a manifest source (dfew, mafw, ravdess), or null for sources without one.</summary>
    public static LabelMap? ForSource(string source) => BuiltInNames.Contains(source) ? BuiltIn(source) : null;

    /// <summary>A label set without dataset keys (e.g. the distinct labels of an open-vocabulary manifest).</summary>
    public static LabelMap FromLabels(string name, IEnumerable<string> labels) => Checked(name, labels.ToList(), $"label set '{name}'");

    static LabelMap Checked(string name, List<string> labels, string where)
    {
        string? dup = labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (dup is not null) throw new R1OmniException($"{where}: label '{dup}' is listed twice");
        return new LabelMap(name, labels, []);
    }

    /// <summary>Reads <c>{"dataset", "labels": [...], "classes": [{"key", "name", "label"}]}</c>, checking that keys and
    /// labels are unique and every class label is in <c>labels</c>.</summary>
    public static LabelMap Read(string path)
    {
        using var doc = JsonFile.Parse(path);
        var root = JsonFields.Expect(doc.RootElement, JsonValueKind.Object, path, what: "a JSON object {\"dataset\", \"labels\", \"classes\"}");
        string name = JsonFields.RequiredString(root, "dataset", path);
        var labels = JsonFields.RequiredStringList(root, "labels", path, what: "a list of label strings").ToList();
        var known = Checked(name, labels, path);
        var classesJson = JsonFields.Required(root, "classes", JsonValueKind.Array, path, what: "a list [{\"key\", \"name\", \"label\"}, ...]");
        var classes = new List<LabelClass>();
        int i = 0;
        foreach (var c in classesJson.EnumerateArray())
        {
            string at = $"classes[{i++}]";
            JsonFields.Expect(c, JsonValueKind.Object, path, at);
            var cls = new LabelClass(JsonFields.RequiredString(c, "key", path, $"{at}.key"), JsonFields.RequiredString(c, "name", path, $"{at}.name"),
                                     JsonFields.RequiredString(c, "label", path, $"{at}.label"));
            if (!known.Contains(cls.Label))
                throw new R1OmniException($"{path}: {at}: label '{cls.Label}' is not in 'labels' ({string.Join(", ", labels)})");
            if (classes.Any(o => o.Key == cls.Key)) throw new R1OmniException($"{path}: {at}: key '{cls.Key}' is listed twice");
            classes.Add(cls);
        }
        return new LabelMap(name, labels, classes);
    }

    public bool Contains(string label) => _labels.Contains(label);

    public bool TryGetClass(string key, out LabelClass cls) => _byKey.TryGetValue(key, out cls!);

    /// <summary>The class of a dataset key; an unknown key fails naming <paramref name="where"/> and the known keys.</summary>
    public LabelClass ClassForKey(string key, string where) =>
        TryGetClass(key, out var cls) ? cls
        : throw new R1OmniException($"{where}: unknown {Name} label '{key}' (expected one of {string.Join(", ", Classes.Select(c => c.Key))})");

    public override string ToString() => $"{Name} ({string.Join(", ", Labels)})";
}
