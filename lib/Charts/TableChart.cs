using System.Globalization;
using System.Text.Json.Nodes;
using R1Omni.Data;
using R1Omni.Training.Grpo;

namespace R1Omni.Charts;

/// <summary>
/// Text in rows and columns as a Plotly table (sample rationales next to their labels and answers). Long cells are
/// broken into lines that fit their column, and the figure is as tall as its rows.
/// </summary>
public static class TableChart
{
    const string HeaderFill = "#dbe4f0", CellFill = "white", CorrectFill = "#dff0d8", WrongFill = "#f8d7da";

    /// <param name="columnWidths">Relative widths, one per column; equal when null.</param>
    /// <param name="cellFills">Background colour per cell (row-major), when given.</param>
    public static PlotlyFigure Create(string title, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows,
                                      IReadOnlyList<double>? columnWidths = null, IReadOnlyList<IReadOnlyList<string>>? cellFills = null,
                                      int? height = null)
    {
        string chart = $"table '{title}'";
        if (header.Count == 0) throw new R1OmniException($"{chart}: expected at least one column");
        for (int r = 0; r < rows.Count; r++)
            if (rows[r].Count != header.Count)
                throw new R1OmniException($"{chart}: row {r + 1} has {rows[r].Count} cells; expected one per column ({string.Join(", ", header)})");
        if (columnWidths is not null && columnWidths.Count != header.Count)
            throw new R1OmniException($"{chart}: {columnWidths.Count} column widths; expected one per column ({header.Count})");
        if (cellFills is not null && (cellFills.Count != rows.Count || cellFills.Any(f => f.Count != header.Count)))
            throw new R1OmniException($"{chart}: cell colours must have the table's shape ({rows.Count} rows × {header.Count} columns)");

        // Plotly tables take their cells column by column, and show each line break given, never one of their own.
        var widths = CellText.Widths(header.Count, columnWidths);
        var text = rows.Select(row => row.Select((cell, c) => CellText.Wrap(cell, widths[c])).ToArray()).ToArray();
        JsonArray Columns(Func<int, int, string> cell) =>
            new(Enumerable.Range(0, header.Count).Select(c => (JsonNode?)PlotlyJson.Strings(Enumerable.Range(0, rows.Count).Select(r => cell(r, c)))).ToArray());
        var trace = new JsonObject
        {
            ["type"] = "table",
            ["header"] = new JsonObject
            {
                ["values"] = PlotlyJson.Strings(header.Select(h => $"<b>{System.Net.WebUtility.HtmlEncode(h)}</b>")),
                ["fill"] = new JsonObject { ["color"] = HeaderFill },
                ["align"] = "left",
            },
            ["cells"] = new JsonObject
            {
                // Plotly renders a small HTML subset in cells: encode so responses show literally (e.g. "<think>"), and
                // break lines with <br>, the only line break it knows.
                ["values"] = Columns((r, c) => System.Net.WebUtility.HtmlEncode(text[r][c]).Replace("\n", "<br>")),
                ["fill"] = new JsonObject { ["color"] = cellFills is null ? CellFill : Columns((r, c) => cellFills[r][c]) },
                ["align"] = "left",
                ["height"] = 26,
            },
        };
        if (columnWidths is not null) trace["columnwidth"] = PlotlyJson.Numbers(columnWidths);
        // Rows grow with their lines (about 17 px each); the figure is made tall enough to show them all below its title.
        int rowsHeight = text.Sum(row => 12 + 18 * row.Max(cell => cell.Count(ch => ch == '\n') + 1));
        return new PlotlyFigure([trace], PlotlyJson.Layout(title, height ?? Math.Min(3000, 260 + rowsHeight)));
    }

    /// <summary>
    /// Video, label, answer (its first 40 characters) and response per sample; the answer cell is green when it names
    /// the label, red otherwise.
    /// </summary>
    public static PlotlyFigure Rationales(string title, IReadOnlyList<RationaleSample> samples)
    {
        // Without an <answer> group the answer is the whole response, which the response column shows already.
        const int AnswerShown = 40;
        var rows = samples.Select(s => (IReadOnlyList<string>)
            [s.Video, s.Label, s.Answer.Length > AnswerShown ? s.Answer[..(AnswerShown - 1)].TrimEnd() + "…" : s.Answer, s.Response]).ToList();
        var fills = samples.Select(s => (IReadOnlyList<string>)[CellFill, CellFill, s.Correct ? CorrectFill : WrongFill, CellFill]).ToList();
        return Create(title, ["video", "label", "answer", "response"], rows, [2, 1, 1, 6], fills);
    }

    /// <summary>Training conversations: video, label and the gpt answer (a cold-start rationale, or a bare label).</summary>
    public static PlotlyFigure Conversations(string title, IReadOnlyList<ManifestItem> items) =>
        Create(title, ["video", "label", "answer"],
               items.Select(i => (IReadOnlyList<string>)[Path.GetFileName(i.Video), i.Label ?? "",
                   i.Conversations?.LastOrDefault(t => t.From == ConversationTurn.Gpt)?.Value ?? ""]).ToList(), [2, 1, 7]);

    /// <summary>
    /// GRPO's logged completions (completions.jsonl): step, item (its file name when the id is a video path), label,
    /// completion, each reward, the total and the advantage; a reward cell is green when it is positive, red otherwise.
    /// </summary>
    public static PlotlyFigure Completions(string title, IReadOnlyList<LoggedCompletion> completions)
    {
        var functions = completions.SelectMany(c => c.Rewards.Keys).Distinct().ToList();
        static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
        var rows = completions.Select(c => (IReadOnlyList<string>)
            [c.Step.ToString(CultureInfo.InvariantCulture), Path.GetFileName(c.Id), c.Label ?? "", c.Completion, .. functions.Select(f => c.Rewards.TryGetValue(f, out var r) ? F(r) : ""),
             F(c.Reward), F(c.Advantage)]).ToList();
        var fills = completions.Select(c => (IReadOnlyList<string>)
            [CellFill, CellFill, CellFill, CellFill, .. functions.Select(f => c.Rewards.GetValueOrDefault(f) > 0 ? CorrectFill : WrongFill), CellFill, CellFill]).ToList();
        return Create(title, ["step", "item", "label", "completion", .. functions, "reward", "advantage"], rows,
                      [0.7, 3, 1.3, 6, .. functions.Select(_ => 1.4), 1.2, 1.6], fills);
    }
}
