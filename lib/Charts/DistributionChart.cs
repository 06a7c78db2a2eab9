using System.Text.Json.Nodes;

namespace R1Omni.Charts;

/// <summary>
/// Distributions of values side by side: one box per named group with every value drawn as a point beside it (few
/// samples stay visible), and a zero line, e.g. per-sample log-probability drops per modality.
/// </summary>
public static class DistributionChart
{
    public static PlotlyFigure Box(string title, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> groups, string yTitle, int height = 420)
    {
        string chart = $"distribution chart '{title}'";
        if (groups.Count == 0) throw new R1OmniException($"{chart}: expected at least one group");
        foreach (var (name, values) in groups)
            if (values.Count == 0) throw new R1OmniException($"{chart}: group '{name}' has no values");
        var colours = PlotlyJson.ColoursByName(groups.Select(g => g.Name));
        var data = new JsonArray(groups.Select(g => (JsonNode?)new JsonObject
        {
            ["type"] = "box",
            ["name"] = g.Name,
            ["y"] = PlotlyJson.Numbers(g.Values),
            ["boxpoints"] = "all",
            ["jitter"] = 0.4,
            ["pointpos"] = -1.6,
            ["marker"] = new JsonObject { ["color"] = colours[g.Name] },
            ["line"] = new JsonObject { ["color"] = colours[g.Name] },
        }).ToArray());
        var layout = PlotlyJson.Layout(title, height);
        var yAxis = PlotlyJson.Axis(yTitle);
        yAxis["zeroline"] = true;
        layout["yaxis"] = yAxis;
        layout["xaxis"] = PlotlyJson.Axis("");
        layout["showlegend"] = false;
        return new PlotlyFigure(data, layout);
    }
}
