namespace R1Omni.Cli;

/// <summary>One `r1omni` sub-command. Implementations live in the library so notebooks can call them too.</summary>
public interface ICommand
{
    string Name { get; }
    /// <summary>One line for the command list.</summary>
    string Summary { get; }
    /// <summary>Full help: synopsis and options.</summary>
    string Usage { get; }
    int Run(CommandArgs args);
}
