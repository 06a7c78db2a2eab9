using System.Text.Json.Nodes;

namespace R1Omni.Charts;

/// <summary>
/// A Plotly figure: trace objects (<see cref="Data"/>) and a <see cref="Layout"/>, as plotly.js and Plotly's
/// notebook renderers read them. Written by the chart builders in this folder without any Plotly library, so it works
/// wherever the workbench library loads (console, tests, notebook kernels). Displayed in a notebook it carries two
/// representations: Plotly's own MIME type, which VS Code and JupyterLab render with the plotly.js they ship (offline, a
/// few KB in the saved notebook), and HTML drawn by a plotly.js that <see cref="PlotlyJs.NotebookLoader"/> put on the page
/// (HTML exports and front-ends without a Plotly renderer).
/// </summary>
[TypeFormatterSource(typeof(NotebookFormatterSource), PreferredMimeTypes = [MimeType, NotebookMimeTypes.Html])]
public sealed class PlotlyFigure : INotebookDisplay
{
    public const string MimeType = "application/vnd.plotly.v1+json";

    public PlotlyFigure(JsonArray data, JsonObject layout)
    {
        Data = data;
        Layout = layout;
    }

    public JsonArray Data { get; }
    public JsonObject Layout { get; }

    public string Title => Layout["title"]?["text"]?.GetValue<string>() ?? "";

    /// <summary>The layout height in pixels (the chart builders always set it).</summary>
    public int Height => Layout["height"]?.GetValue<int>() ?? 450;

    /// <summary><c>{"data": [...], "layout": {...}}</c>. HTML-sensitive characters are escaped, so the text can sit inside a script element.</summary>
    public string ToJson() => ToJsonNode().ToJsonString();

    public JsonObject ToJsonNode() => new() { ["data"] = Data.DeepClone(), ["layout"] = Layout.DeepClone() };

    public string? Render(string mimeType) => mimeType switch
    {
        MimeType => ToJson(),
        NotebookMimeTypes.Html => PlotlyHtml.Fragment(this),
        _ => null,
    };

    public override string ToString() => $"Plotly figure '{Title}' ({Data.Count} traces)";
}
