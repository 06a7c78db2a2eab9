using System.Globalization;
using System.Text.Json;
using R1Omni.Json;

namespace R1Omni.Notebooks;

/// <summary>Reads what an executed notebook (.ipynb, nbformat 4) says about its run: error outputs and cell timings.</summary>
public sealed class NotebookDocument
{
    readonly string _path;
    readonly List<JsonElement> _cells;

    NotebookDocument(string path, JsonElement root)
    {
        _path = path;
        if (!root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
            throw new R1OmniException($"{path}: not a notebook (expected a top-level \"cells\" array)");
        _cells = cells.EnumerateArray().ToList();
    }

    public static NotebookDocument Load(string path)
    {
        using var document = JsonFile.Parse(path);
        return new NotebookDocument(path, document.RootElement.Clone());
    }

    public int CellCount => _cells.Count;

    /// <summary>
    /// Every output of type "error", in cell order. The C# kernel reports a compilation error as just "compilation error"
    /// and the compiler's messages on the cell's stderr; they are appended, so the message says what is wrong.
    /// </summary>
    public IReadOnlyList<NotebookCellError> Errors() =>
        Outputs().Where(o => Text(o.Output, "output_type") == "error")
            .Select(o => new NotebookCellError(o.Cell, SourceStart(o.Cell), Text(o.Output, "ename"), FirstLine(Text(o.Output, "evalue")) + CompilerErrors(o.Cell)))
            .ToList();

    /// <summary>All outputs' data of one MIME type, as stored (Jupyter splits text into a list of lines; they are joined).</summary>
    public IReadOnlyList<string> OutputData(string mimeType) =>
        Outputs().Where(o => o.Output.TryGetProperty("data", out var d) && d.TryGetProperty(mimeType, out _))
            .Select(o => Joined(o.Output.GetProperty("data").GetProperty(mimeType))).ToList();

    /// <summary>Standard output and error text of every cell, joined.</summary>
    public string StreamText() =>
        string.Concat(Outputs().Where(o => Text(o.Output, "output_type") == "stream").Select(o => Joined(o.Output.GetProperty("text"))));

    /// <summary>Execution time per code cell that ran (nbconvert's iopub.execute_input to shell.execute_reply).</summary>
    public IReadOnlyList<NotebookCellTiming> Timings()
    {
        var timings = new List<NotebookCellTiming>();
        for (int i = 0; i < _cells.Count; i++)
        {
            if (!_cells[i].TryGetProperty("metadata", out var meta) || !meta.TryGetProperty("execution", out var exec)) continue;
            if (Time(exec, "iopub.execute_input") is { } start && Time(exec, "shell.execute_reply") is { } end)
                timings.Add(new NotebookCellTiming(i + 1, SourceStart(i + 1), (end - start).TotalSeconds));
        }
        return timings;
    }

    IEnumerable<(int Cell, JsonElement Output)> Outputs()
    {
        for (int i = 0; i < _cells.Count; i++)
            if (_cells[i].TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array)
                foreach (var o in outputs.EnumerateArray()) yield return (i + 1, o);
    }

    string CompilerErrors(int cell)
    {
        var errors = Outputs().Where(o => o.Cell == cell && Text(o.Output, "output_type") == "stream" && Text(o.Output, "name") == "stderr")
            .SelectMany(o => Joined(o.Output.GetProperty("text")).Split('\n')).Where(l => l.Contains(": error ", StringComparison.Ordinal))
            .Select(l => l.Trim()).ToList();
        return errors.Count == 0 ? "" : ": " + string.Join("; ", errors);
    }

    string SourceStart(int cell)
    {
        string source = _cells[cell - 1].TryGetProperty("source", out var s) ? Joined(s) : "";
        string first = source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return first.Length > 60 ? first[..57] + "..." : first;
    }

    static DateTimeOffset? Time(JsonElement exec, string key) =>
        exec.TryGetProperty(key, out var v) && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    static string Text(JsonElement e, string key) => e.TryGetProperty(key, out var v) ? Joined(v) : "";

    static string Joined(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Array => string.Concat(v.EnumerateArray().Select(Joined)),
        _ => v.GetRawText(),
    };

    static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();

    public override string ToString() => $"{_path} ({_cells.Count} cells)";
}
