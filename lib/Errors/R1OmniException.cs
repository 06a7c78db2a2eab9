namespace R1Omni;

/// <summary>
/// An error caused by the user's input (a file, a key, a field, a setting) rather than by a bug.
/// Its message names what was wrong and what was expected; the CLI prints it without a stack trace.
/// </summary>
public class R1OmniException : Exception
{
    public R1OmniException(string message) : base(message) { }
    public R1OmniException(string message, Exception inner) : base(message, inner) { }
}
