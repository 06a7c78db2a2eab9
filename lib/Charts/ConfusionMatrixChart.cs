using System.Globalization;
using System.Text.Json.Nodes;

namespace R1Omni.Charts;

/// <summary>
/// A confusion matrix as a heatmap: rows are true labels (first on top), columns predictions; the colour is the cell's
/// share of its row (so classes of different sizes compare) and every cell is labelled with its count.
/// </summary>
public static class ConfusionMatrixChart
{
    public static PlotlyFigure Create(string title, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels,
                                      IReadOnlyList<IReadOnlyList<long>> counts, int? height = null)
    {
        string chart = $"confusion matrix '{title}'";
        if (rowLabels.Count == 0 || columnLabels.Count == 0) throw new R1OmniException($"{chart}: expected at least one row and one column label");
        if (counts.Count != rowLabels.Count)
            throw new R1OmniException($"{chart}: {counts.Count} rows of counts; expected one per true label ({rowLabels.Count})");
        for (int r = 0; r < counts.Count; r++)
        {
            if (counts[r].Count != columnLabels.Count)
                throw new R1OmniException($"{chart}: row '{rowLabels[r]}' has {counts[r].Count} counts; expected one per column ({columnLabels.Count})");
            if (counts[r].Any(c => c < 0)) throw new R1OmniException($"{chart}: row '{rowLabels[r]}' has a negative count");
        }

        var shares = counts.Select(row =>
        {
            long total = row.Sum();
            return row.Select(c => total == 0 ? 0.0 : (double)c / total).ToArray();
        }).ToArray();
        // Annotations rather than heatmap texttemplate: they render in every plotly.js version a notebook front-end ships.
        var annotations = new JsonArray();
        for (int r = 0; r < counts.Count; r++)
            for (int c = 0; c < columnLabels.Count; c++)
                annotations.Add(new JsonObject
                {
                    ["x"] = columnLabels[c], ["y"] = rowLabels[r], ["xref"] = "x", ["yref"] = "y", ["showarrow"] = false,
                    ["text"] = counts[r][c].ToString(CultureInfo.InvariantCulture),
                    ["font"] = new JsonObject { ["color"] = shares[r][c] > 0.5 ? "white" : "black" },
                });
        var trace = new JsonObject
        {
            ["type"] = "heatmap",
            ["x"] = PlotlyJson.Strings(columnLabels),
            ["y"] = PlotlyJson.Strings(rowLabels),
            ["z"] = new JsonArray(shares.Select(row => (JsonNode?)PlotlyJson.Numbers(row)).ToArray()),
            ["zmin"] = 0,
            ["zmax"] = 1,
            // White to dark blue, explicitly: Plotly's named "Blues" runs the other way (dark for 0).
            ["colorscale"] = new JsonArray(new JsonArray(0, "#f7fbff"), new JsonArray(1, "#08306b")),
            ["colorbar"] = new JsonObject { ["title"] = PlotlyJson.Title("share of row") },
            ["customdata"] = new JsonArray(counts.Select(row => (JsonNode?)PlotlyJson.Numbers(row.Select(c => (double)c))).ToArray()),
            ["hovertemplate"] = "true %{y}, predicted %{x}: %{customdata} (%{z:.0%} of the row)<extra></extra>",
        };
        var layout = PlotlyJson.Layout(title, height ?? 200 + 45 * rowLabels.Count);
        layout["xaxis"] = PlotlyJson.Axis("predicted");
        var yAxis = PlotlyJson.Axis("true label");
        yAxis["autorange"] = "reversed";
        layout["yaxis"] = yAxis;
        layout["annotations"] = annotations;
        return new PlotlyFigure([trace], layout);
    }
}
