using System.Text.Json.Nodes;

namespace R1Omni.Charts;

/// <summary>
/// Curves against a shared x axis (training step): one panel, or several stacked panels with their own y axes. A series
/// name keeps its colour in every panel and appears once in the legend, so runs can be compared across quantities.
/// </summary>
public static class LineChart
{
    /// <summary>Curves with few points also get markers, so single evaluations stay visible.</summary>
    const int MarkerLimit = 50;

    public static PlotlyFigure Create(string title, string xTitle, string yTitle, IReadOnlyList<LineSeries> series, int height = 420) =>
        Create(title, xTitle, [new LinePanel(yTitle, series)], height);

    /// <param name="height">Height of the whole figure; panels share it.</param>
    public static PlotlyFigure Create(string title, string xTitle, IReadOnlyList<LinePanel> panels, int? height = null)
    {
        string chart = $"line chart '{title}'";
        if (panels.Count == 0) throw new R1OmniException($"{chart}: expected at least one panel");
        foreach (var s in panels.SelectMany(p => p.Series)) s.Validate(chart);

        var colours = PlotlyJson.ColoursByName(panels.SelectMany(p => p.Series).Select(s => s.Name));
        var inLegend = new HashSet<string>(StringComparer.Ordinal);
        var layout = PlotlyJson.Layout(title, height ?? 160 + 260 * panels.Count);
        var domains = PlotlyJson.Domains(panels.Count, gap: 0.1 / panels.Count);
        var data = new JsonArray();
        for (int i = 0; i < panels.Count; i++)
        {
            var yAxis = PlotlyJson.Axis(panels[i].YTitle);
            yAxis["domain"] = PlotlyJson.Numbers(domains[panels.Count - 1 - i]);  // the first panel on top
            yAxis["anchor"] = "x";
            layout[PlotlyJson.AxisKey('y', i)] = yAxis;
            foreach (var s in panels[i].Series)
                data.Add(new JsonObject
                {
                    ["type"] = "scatter",
                    ["mode"] = s.X.Count <= MarkerLimit ? "lines+markers" : "lines",
                    ["name"] = s.Name,
                    ["legendgroup"] = s.Name,
                    ["showlegend"] = inLegend.Add(s.Name),
                    ["x"] = PlotlyJson.Numbers(s.X),
                    ["y"] = PlotlyJson.Numbers(s.Y),
                    ["xaxis"] = "x",
                    ["yaxis"] = PlotlyJson.AxisRef('y', i),
                    ["line"] = new JsonObject { ["color"] = colours[s.Name], ["width"] = 2 },
                });
        }
        var xAxis = PlotlyJson.Axis(xTitle);
        xAxis["anchor"] = PlotlyJson.AxisRef('y', panels.Count - 1);
        layout["xaxis"] = xAxis;
        layout["hovermode"] = "x unified";
        return new PlotlyFigure(data, layout);
    }
}
