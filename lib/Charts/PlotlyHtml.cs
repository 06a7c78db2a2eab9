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
    /// <summary>For images: no mode bar, no hover.</summary>
    const string StaticConfig = "{\"staticPlot\": true}";

    /// <summary>A complete page with the plotly.js bundle inline and the figures one under another.</summary>
    public static string Page(string title, IEnumerable<PlotlyFigure> figures) => Document(title, figures.ToList());

    public static void WritePage(string path, string title, IEnumerable<PlotlyFigure> figures)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, Page(title, figures));
    }

    /// <summary>
    /// One figure drawn at width × its height, then encoded by <c>Plotly.toImage</c> as a PNG and an SVG data URL into
    /// <c>&lt;pre id="png"&gt;</c> and <c>&lt;pre id="svg"&gt;</c> (or its failure into <c>&lt;pre id="error"&gt;</c>), for
    /// <see cref="ChromiumExport"/> to read from the dumped page.
    /// </summary>
    internal static string ImagePage(PlotlyFigure figure, int width)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<script type=\"text/javascript\">").Append(PlotlyJs.Bundle).Append("</script>\n</head>\n<body>\n");
        html.Append($"<div id=\"figure\" style=\"width: {width}px; height: {figure.Height}px\"></div>\n");
        html.Append($$"""
            <script type="text/javascript">
            (function (f) {
              function put(id, text) { var pre = document.createElement("pre"); pre.id = id; pre.textContent = text; document.body.appendChild(pre); }
              var size = { width: {{width}}, height: {{figure.Height}} };
              Plotly.newPlot("figure", f.data, f.layout, {{StaticConfig}})
                .then(function (gd) { return Promise.all([Plotly.toImage(gd, Object.assign({ format: "png" }, size)), Plotly.toImage(gd, Object.assign({ format: "svg" }, size))]); })
                .then(function (images) { put("png", images[0]); put("svg", images[1]); }, function (e) { put("error", String(e)); });
            })({{figure.ToJson()}});
            </script>
            </body>
            </html>

            """);
        return html.ToString();
    }

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

    static string Document(string title, IReadOnlyList<PlotlyFigure> figures)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
        html.Append("<style>body { font-family: sans-serif; margin: 16px; background: white; }</style>\n");
        html.Append("<script type=\"text/javascript\">").Append(PlotlyJs.Bundle).Append("</script>\n</head>\n<body>\n");
        for (int i = 0; i < figures.Count; i++)
        {
            html.Append($"<div id=\"figure-{i}\" style=\"width: 100%; height: {figures[i].Height}px\"></div>\n");
            html.Append($"<script type=\"text/javascript\">(function (f) {{ Plotly.newPlot(\"figure-{i}\", f.data, f.layout, {PlotConfig}); }})({figures[i].ToJson()});</script>\n");
        }
        return html.Append("</body>\n</html>\n").ToString();
    }
}
