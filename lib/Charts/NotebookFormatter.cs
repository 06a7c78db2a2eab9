namespace R1Omni.Charts;

/// <summary>Formats an <see cref="INotebookDisplay"/> as one MIME type (the member names are the kernel's convention).</summary>
internal sealed class NotebookFormatter(string mimeType)
{
    public string MimeType { get; } = mimeType;

    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not INotebookDisplay display || display.Render(MimeType) is not { } text) return false;
        writer.Write(text);
        return true;
    }
}
