namespace R1Omni.Charts;

/// <summary>The kernel's formatter source for every <see cref="INotebookDisplay"/>: one formatter per MIME type.</summary>
internal sealed class NotebookFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() => NotebookMimeTypes.All.Select(m => new NotebookFormatter(m));
}
