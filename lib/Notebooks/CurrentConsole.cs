using System.Text;

namespace R1Omni.Notebooks;

/// <summary>
/// A writer that writes to whatever <see cref="Console.Out"/> is at the time of each write. The notebook kernel gives
/// every cell a console writer of its own, so a log captured in one cell (a run's training progress) would write into
/// a finished cell and be lost; this one reaches the cell that is running.
/// </summary>
public sealed class CurrentConsole : TextWriter
{
    public static readonly CurrentConsole Out = new();

    CurrentConsole() { }

    public override Encoding Encoding => Console.Out.Encoding;
    public override void Write(char value) => Console.Out.Write(value);
    public override void Write(string? value) => Console.Out.Write(value);
    public override void WriteLine(string? value) => Console.Out.WriteLine(value);
    public override void Flush() => Console.Out.Flush();
}
