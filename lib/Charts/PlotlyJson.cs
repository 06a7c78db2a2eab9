using System.Text.Json.Nodes;

namespace R1Omni.Charts;

/// <summary>Small pieces of Plotly figure JSON shared by the chart builders: titles, axes, number arrays and colours.</summary>
public static class PlotlyJson
{
    /// <summary>Plotly's default qualitative colours (D3 category10), so a series keeps its colour across panels and charts.</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Pixels above the plot: the title's line (about 40) and up to three legend rows.</summary>
    public const int TopMargin = 110;

    /// <summary><c>{"text": ...}</c>: the object form, accepted by every plotly.js version (v3 dropped bare strings).</summary>
    public static JsonObject Title(string text) => new() { ["text"] = text };

    /// <summary>
    /// A layout with a title, a white template-free look and the legend above the plot. The title is pinned to the top
    /// edge of the figure and the legend to the top of the plot, with a top margin that holds both, so a legend of a
    /// few rows grows up into the margin instead of under the title (plotly's default title sits where the legend is).
    /// </summary>
    public static JsonObject Layout(string title, int height) => new()
    {
        ["title"] = new JsonObject
        {
            ["text"] = title, ["x"] = 0, ["xanchor"] = "left", ["xref"] = "container", ["y"] = 1, ["yanchor"] = "top", ["yref"] = "container",
            ["pad"] = new JsonObject { ["t"] = 14, ["l"] = 14 },
        },
        ["height"] = height,
        ["margin"] = new JsonObject { ["l"] = 70, ["r"] = 30, ["t"] = TopMargin, ["b"] = 60 },
        ["paper_bgcolor"] = "white",
        ["plot_bgcolor"] = "white",
        ["font"] = new JsonObject { ["family"] = "sans-serif", ["size"] = 13 },
        ["legend"] = new JsonObject { ["orientation"] = "h", ["x"] = 0, ["y"] = 1.02, ["yanchor"] = "bottom" },
    };

    /// <summary>An axis with a title and light grid lines; <paramref name="range"/> fixes its extent.</summary>
    public static JsonObject Axis(string title, double[]? range = null)
    {
        var axis = new JsonObject
        {
            ["title"] = Title(title),
            ["gridcolor"] = "#e5e5e5",
            ["zerolinecolor"] = "#bdbdbd",
            ["automargin"] = true,
        };
        if (range is not null) axis["range"] = Numbers(range);
        return axis;
    }

    /// <summary>Numbers as a JSON array; NaN and infinities (not representable in JSON) become null, which Plotly draws as gaps.</summary>
    public static JsonArray Numbers(IEnumerable<double> values) =>
        new(values.Select(v => double.IsFinite(v) ? JsonValue.Create(v) : null).ToArray<JsonNode?>());

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>Axis name of the i-th (0-based) axis in trace references: "x", "x2", ... (and "y", "y2", ...).</summary>
    public static string AxisRef(char axis, int index) => index == 0 ? axis.ToString() : $"{axis}{index + 1}";

    /// <summary>Layout key of the i-th axis: "xaxis", "xaxis2", ...</summary>
    public static string AxisKey(char axis, int index) => index == 0 ? $"{axis}axis" : $"{axis}axis{index + 1}";

    /// <summary>Splits [0, 1] into <paramref name="count"/> equal domains separated by <paramref name="gap"/>, first to last.</summary>
    public static double[][] Domains(int count, double gap)
    {
        double size = (1 - gap * (count - 1)) / count;
        return Enumerable.Range(0, count).Select(i => new[] { Math.Round(i * (size + gap), 6), Math.Round(i * (size + gap) + size, 6) }).ToArray();
    }

    /// <summary>One colour per distinct series name, in order of first appearance.</summary>
    public static Dictionary<string, string> ColoursByName(IEnumerable<string> names)
    {
        var colours = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in names)
            if (!colours.ContainsKey(name)) colours[name] = Palette[colours.Count % Palette.Count];
        return colours;
    }
}
