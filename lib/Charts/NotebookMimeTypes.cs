namespace R1Omni.Charts;

/// <summary>The MIME types the workbench's notebook values render to.</summary>
public static class NotebookMimeTypes
{
    public const string Html = "text/html";
    /// <summary>Jupyter stores image/png outputs as base64 text.</summary>
    public const string Png = "image/png";

    public static readonly IReadOnlyList<string> All = [PlotlyFigure.MimeType, Html, Png];
}
