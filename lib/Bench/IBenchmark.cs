using R1Omni.Cli;

namespace R1Omni.Bench;

/// <summary>A benchmark run by `r1omni bench NAME`; its last output line is one JSON object with its figures.</summary>
public interface IBenchmark
{
    string Name { get; }
    string Summary { get; }
    string Usage { get; }
    int Run(CommandArgs args);
}
