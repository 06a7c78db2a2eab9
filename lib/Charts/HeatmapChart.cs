using System.Text.Json.Nodes;

namespace R1Omni.Charts;

/// <summary>A matrix of values as colours on a regular grid, e.g. a log-mel spectrogram (mel bins × time frames).</summary>
public static class HeatmapChart
{
    /// <param name="z">Rows are drawn bottom to top along y, columns left to right along x.</param>
    /// <param name="x0">x of the first column; <paramref name="dx"/> the step between columns (e.g. 0.01 s per mel frame).</param>
    public static PlotlyFigure Create(string title, float[,] z, string xTitle, string yTitle, double x0 = 0, double dx = 1,
                                      string colorscale = "Viridis", string colorbarTitle = "", int height = 420)
    {
        if (z.GetLength(0) == 0 || z.GetLength(1) == 0) throw new R1OmniException($"heatmap '{title}': expected a non-empty matrix");
        var rows = new JsonNode?[z.GetLength(0)];
        for (int r = 0; r < rows.Length; r++)
        {
            var row = new JsonNode?[z.GetLength(1)];
            // float keeps the JSON short (shortest float text) at a precision no colour scale can show anyway.
            for (int c = 0; c < row.Length; c++) row[c] = float.IsFinite(z[r, c]) ? JsonValue.Create(z[r, c]) : null;
            rows[r] = new JsonArray(row);
        }
        var trace = new JsonObject
        {
            ["type"] = "heatmap",
            ["z"] = new JsonArray(rows),
            ["x0"] = x0,
            ["dx"] = dx,
            ["colorscale"] = colorscale,
            ["colorbar"] = new JsonObject { ["title"] = PlotlyJson.Title(colorbarTitle) },
        };
        var layout = PlotlyJson.Layout(title, height);
        layout["xaxis"] = PlotlyJson.Axis(xTitle);
        layout["yaxis"] = PlotlyJson.Axis(yTitle);
        return new PlotlyFigure([trace], layout);
    }

    /// <summary>
    /// Whisper input features (log-mel [n_mels, frames], 10 ms per frame) cut to the first <paramref name="seconds"/>: the
    /// padding Whisper adds up to 30 s carries no signal.
    /// </summary>
    public static PlotlyFigure Spectrogram(string title, float[,] logMel, double seconds, double hopSeconds = 0.01)
    {
        if (!(seconds > 0)) throw new R1OmniException($"spectrogram '{title}': seconds must be positive, got {seconds}");
        int bins = logMel.GetLength(0), frames = Math.Min(logMel.GetLength(1), (int)Math.Ceiling(seconds / hopSeconds));
        var cut = new float[bins, frames];
        for (int b = 0; b < bins; b++)
            for (int f = 0; f < frames; f++) cut[b, f] = logMel[b, f];
        return Create(title, cut, "time (s)", "mel bin", 0, hopSeconds, colorbarTitle: "log-mel");
    }
}
