using R1Omni.Cli;

namespace R1Omni.Tests.SynthEmo;

/// <summary>`r1omni synthemo` writes a world and reports progress; bad options are usage errors.</summary>
public sealed class SynthEmoCommandTests
{
    [Fact]
    public void GeneratesAWorldWithProgressOutput()
    {
        string dir = TestPaths.NewTempDir();
        var stdout = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(stdout);
        int code;
        try
        {
            code = CommandRegistry.Main(["synthemo", "--out", dir, "--seed", "4", "--per-class-cold", "0", "--per-class-rl", "1",
                "--per-class-test", "0", "--per-class-ood", "0", "--size", "32", "--fps", "4", "--seconds", "0.5"], stdout, stdout);
        }
        finally { Console.SetOut(previous); }
        Assert.True(code == 0, stdout.ToString());
        Assert.Contains("clips       7/7 (0 cached)", stdout.ToString());
        Assert.Equal(7, File.ReadAllLines(Path.Combine(dir, "rl_train.jsonl")).Length);
        Assert.Equal(7, Directory.GetFiles(Path.Combine(dir, "clips", "rl_train")).Length);
    }

    [Theory]
    [InlineData("--wrong-cue-rate", "lots", "expects a number")]
    [InlineData("--per-class-rl", "-2", "between 0 and 100000")]
    public void BadOptionsAreReported(string option, string value, string expected)
    {
        var stderr = new StringWriter();
        int code = CommandRegistry.Main(["synthemo", "--out", TestPaths.NewTempDir(), option, value], TextWriter.Null, stderr);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, stderr.ToString());
    }
}
