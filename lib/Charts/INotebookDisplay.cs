namespace R1Omni.Charts;

/// <summary>
/// A value that shows itself in a notebook: given a MIME type it returns that representation, or null when it has none.
/// The .NET Interactive kernel finds the formatters through <see cref="TypeFormatterSourceAttribute"/> on the type.
/// </summary>
public interface INotebookDisplay
{
    string? Render(string mimeType);
}
