using System.Net;
using System.Text;

namespace R1Omni.Charts;

/// <summary>A piece of HTML shown as such in a notebook (tables, preformatted text, image grids, the plotly.js loader).</summary>
[TypeFormatterSource(typeof(NotebookFormatterSource), PreferredMimeTypes = [NotebookMimeTypes.Html])]
public sealed record HtmlFragment(string Html) : INotebookDisplay
{
    public string? Render(string mimeType) => mimeType == NotebookMimeTypes.Html ? Html : null;

    /// <summary>Text in a wrapping preformatted block (streamed responses, reports).</summary>
    public static HtmlFragment Pre(string text) =>
        new($"<pre style=\"white-space: pre-wrap; margin: 0\">{WebUtility.HtmlEncode(text)}</pre>");

    /// <summary>A plain table; every cell is encoded as text.</summary>
    public static HtmlFragment Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var html = new StringBuilder("<table style=\"border-collapse: collapse\"><thead><tr>");
        foreach (string h in header) html.Append(Cell("th", h));
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
                throw new R1OmniException($"table row has {row.Count} cells, expected {header.Count} ({string.Join(", ", header)})");
            html.Append("<tr>");
            foreach (string c in row) html.Append(Cell("td", c));
            html.Append("</tr>");
        }
        return new HtmlFragment(html.Append("</tbody></table>").ToString());
    }

    /// <summary>Images side by side, each with a caption underneath.</summary>
    public static HtmlFragment Gallery(IEnumerable<(string Caption, PngImage Image)> items)
    {
        var html = new StringBuilder("<div style=\"display: flex; flex-wrap: wrap; gap: 8px\">");
        foreach (var (caption, image) in items)
            html.Append("<figure style=\"margin: 0; text-align: center\">").Append(image.ImgTag())
                .Append("<figcaption>").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption></figure>");
        return new HtmlFragment(html.Append("</div>").ToString());
    }

    static string Cell(string tag, string text) =>
        $"<{tag} style=\"border: 1px solid #ccc; padding: 2px 8px; text-align: left; vertical-align: top\">{WebUtility.HtmlEncode(text)}</{tag}>";

    public override string ToString() => Html;
}
