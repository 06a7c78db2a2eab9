using System.Net;
using System.Text;

namespace R1Omni.Charts;

/// <summary>
/// HTML for figures: self-contained pages with plotly.js inline (they open offline, e.g. from a run folder or as CI
/// artefacts), and notebook fragments that draw with a plotly.js already on the page.
/// </summary>
public static class PlotlyHtml
{
    const string PlotConfig = "{\"responsive\": true, \"displaylogo\": false}";
    /// <summary>For screenshots: no mode bar, no hover.</summary>
    const string StaticConfig = "{\"staticPlot\": true}";

    /// <summary>A complete page with the plotly.js bundle inline and the figures one under another.</summary>
    public static string Page(string title, IEnumerable<PlotlyFigure> figures) => Document(title, figures.ToList(), fixedWidth: null);

    public static void WritePage(string path, string title, IEnumerable<PlotlyFigure> figures)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, Page(title, figures));
    }

    /// <summary>One figure at a fixed width and no margins, for a screenshot of exactly width × figure height pixels.</summary>
    internal static string ImagePage(PlotlyFigure figure, int width) => Document(figure.Title, [figure], width);

    /// <summary>
    /// A div and a script that draws the figure once <c>window.Plotly</c> exists (see <see cref="PlotlyJs.NotebookLoader"/>),
    /// or says in the div what is missing after ten seconds.
    /// </summary>
    public static string Fragment(PlotlyFigure figure)
    {
        string id = "r1omni-" + Guid.NewGuid().ToString("N");
        return $$"""
            <div id="{{id}}" style="width: 100%; height: {{figure.Height}}px"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figure.ToJson()}}, tries = 0;
              (function draw() {
                if (window.Plotly) { window.Plotly.newPlot("{{id}}", figure.data, figure.layout, {{PlotConfig}}); return; }
                if (++tries < 100) { setTimeout(draw, 100); return; }
                document.getElementById("{{id}}").textContent =
                  "plotly.js is not on this page: display R1Omni.Charts.PlotlyJs.NotebookLoader() first, or view the notebook in VS Code or JupyterLab.";
              })();
            })();
            </script>
            """;
    }

    static string Document(string title, IReadOnlyList<PlotlyFigure> figures, int? fixedWidth)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
        html.Append("<style>body { font-family: sans-serif; margin: ").Append(fixedWidth is null ? "16px" : "0").Append("; background: white; }</style>\n");
        html.Append("<script type=\"text/javascript\">").Append(PlotlyJs.Bundle).Append("</script>\n</head>\n<body>\n");
        for (int i = 0; i < figures.Count; i++)
        {
            string width = fixedWidth is { } w ? $"{w}px" : "100%";
            html.Append($"<div id=\"figure-{i}\" style=\"width: {width}; height: {figures[i].Height}px\"></div>\n");
            string config = fixedWidth is null ? PlotConfig : StaticConfig;
            html.Append($"<script type=\"text/javascript\">(function (f) {{ Plotly.newPlot(\"figure-{i}\", f.data, f.layout, {config}); }})({figures[i].ToJson()});</script>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }
}
