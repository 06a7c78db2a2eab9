using System.Text.Json;
using R1Omni.Json;
using R1Omni.Runtime;
using R1Omni.Tokenizers;

namespace R1Omni.Data;

/// <summary>
/// Optional normalisation of predictions before scoring (not part of the released evaluation, so off by default and
/// recorded in metrics.json when on): lower-case, strip white space and trailing full stops, then map a listed
/// synonym to its label (e.g. "Happiness." → "happy"). The default table is <c>data/labels/synonyms.json</c>.
/// </summary>
public sealed class SynonymTable
{
    public IReadOnlyDictionary<string, string> Synonyms { get; }

    public SynonymTable(IReadOnlyDictionary<string, string> synonyms)
    {
        string? bad = synonyms.Keys.FirstOrDefault(k => k != Canonical(k));
        if (bad is not null) throw new R1OmniException($"synonym '{bad}' must be written lower-case without surrounding spaces or full stops");
        Synonyms = synonyms;
    }

    public static SynonymTable Default() => Read(Path.Combine(AppPaths.DataDir, "labels", "synonyms.json"));

    /// <summary>Reads <c>{"synonyms": {"word": "label", ...}}</c>.</summary>
    public static SynonymTable Read(string path)
    {
        using var doc = JsonFile.Parse(path);
        var root = JsonFields.Expect(doc.RootElement, JsonValueKind.Object, path, what: "a JSON object {\"synonyms\": {...}}");
        var table = JsonFields.RequiredStringMap(root, "synonyms", path, what: "an object {\"word\": \"label\", ...}");
        try { return new SynonymTable(table); }
        catch (R1OmniException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new R1OmniException($"{path}: {e.Message}", e);
        }
    }

    public string Normalize(string prediction)
    {
        string key = Canonical(prediction);
        return Synonyms.TryGetValue(key, out var label) ? label : key;
    }

    static string Canonical(string text) => PythonText.Strip(PythonText.Strip(text).ToLowerInvariant().TrimEnd('.'));
}
