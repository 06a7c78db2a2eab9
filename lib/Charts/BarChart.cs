using System.Globalization;
using System.Text.Json.Nodes;

namespace R1Omni.Charts;

/// <summary>
/// Grouped bars with their values written on them: one plot (<see cref="Grouped"/>, e.g. WAR/UAR per model or recall
/// per class), or side-by-side facets over the same categories with a shared y scale (<see cref="Faceted"/>, e.g. WAR and
/// UAR panels comparing in-distribution with out-of-distribution results).
/// </summary>
public static class BarChart
{
    public static PlotlyFigure Grouped(string title, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series, string yTitle,
                                       double? yMax = null, string valueFormat = "F1", int height = 420) =>
        Faceted(title, categories, [new BarPanel("", series)], yTitle, yMax, valueFormat, height);

    /// <param name="yMax">Fixes the y axis to [0, yMax] (e.g. 100 for percentages); otherwise Plotly fits it.</param>
    /// <param name="valueFormat">.NET format of the value labels on the bars.</param>
    public static PlotlyFigure Faceted(string title, IReadOnlyList<string> categories, IReadOnlyList<BarPanel> panels, string yTitle,
                                       double? yMax = null, string valueFormat = "F1", int height = 420)
    {
        string chart = $"bar chart '{title}'";
        if (panels.Count == 0) throw new R1OmniException($"{chart}: expected at least one panel");
        if (categories.Count == 0) throw new R1OmniException($"{chart}: expected at least one category");
        foreach (var s in panels.SelectMany(p => p.Series))
            if (s.Values.Count != categories.Count)
                throw new R1OmniException($"{chart}: series '{s.Name}' has {s.Values.Count} values; expected one per category ({categories.Count}: {string.Join(", ", categories)})");

        var colours = PlotlyJson.ColoursByName(panels.SelectMany(p => p.Series).Select(s => s.Name));
        var inLegend = new HashSet<string>(StringComparer.Ordinal);
        var layout = PlotlyJson.Layout(title, height);
        layout["barmode"] = "group";
        var domains = PlotlyJson.Domains(panels.Count, gap: 0.06);
        var data = new JsonArray();
        for (int i = 0; i < panels.Count; i++)
        {
            string x = PlotlyJson.AxisRef('x', i), y = PlotlyJson.AxisRef('y', i);
            var xAxis = PlotlyJson.Axis(panels[i].Title);
            xAxis["domain"] = PlotlyJson.Numbers(domains[i]);
            xAxis["anchor"] = y;
            layout[PlotlyJson.AxisKey('x', i)] = xAxis;
            var yAxis = PlotlyJson.Axis(i == 0 ? yTitle : "", yMax is { } max ? [0, max * 1.08] : null);  // headroom for the labels
            yAxis["anchor"] = x;
            if (i > 0) yAxis["matches"] = "y";
            layout[PlotlyJson.AxisKey('y', i)] = yAxis;
            foreach (var s in panels[i].Series)
                data.Add(new JsonObject
                {
                    ["type"] = "bar",
                    ["name"] = s.Name,
                    ["legendgroup"] = s.Name,
                    ["showlegend"] = inLegend.Add(s.Name),
                    ["x"] = PlotlyJson.Strings(categories),
                    ["y"] = PlotlyJson.Numbers(s.Values),
                    ["text"] = PlotlyJson.Strings(s.Values.Select(v => double.IsFinite(v) ? v.ToString(valueFormat, CultureInfo.InvariantCulture) : "")),
                    ["textposition"] = "outside",
                    ["cliponaxis"] = false,
                    ["xaxis"] = x,
                    ["yaxis"] = y,
                    ["marker"] = new JsonObject { ["color"] = colours[s.Name] },
                });
        }
        return new PlotlyFigure(data, layout);
    }
}
