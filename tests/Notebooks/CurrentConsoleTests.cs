using R1Omni.Notebooks;

namespace R1Omni.Tests.Notebooks;

/// <summary>Swaps the process's console: runs with the notebook executions, which run alone.</summary>
[Collection(nameof(NotebookRuns))]
public class CurrentConsoleTests
{
    [Fact]
    public void WritesGoToTheConsoleOfTheMoment()
    {
        var original = Console.Out;
        var first = new StringWriter();
        var second = new StringWriter();
        try
        {
            Console.SetOut(first);
            TextWriter log = CurrentConsole.Out;   // captured while the first writer was current, as a cell captures it
            log.Write("a");
            Console.SetOut(second);
            log.WriteLine("b");
            log.Write('c');
        }
        finally { Console.SetOut(original); }
        Assert.Equal("a", first.ToString());
        Assert.Equal("b" + Environment.NewLine + "c", second.ToString());
    }
}
