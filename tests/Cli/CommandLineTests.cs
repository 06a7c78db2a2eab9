using R1Omni.Cli;

namespace R1Omni.Tests.Cli;

public class CommandLineTests
{
    [Fact]
    public void HelpListsEveryCommand()
    {
        var stdout = new StringWriter();
        int rc = CommandRegistry.Main(["--help"], stdout, new StringWriter());
        Assert.Equal(0, rc);
        foreach (var c in CommandRegistry.All) Assert.Contains($"  {c.Name}", stdout.ToString());
    }

    [Fact]
    public void UnknownCommandIsAUsageError()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, CommandRegistry.Main(["no-such-command"], new StringWriter(), stderr));
        Assert.Contains("unknown command 'no-such-command'", stderr.ToString());
    }

    [Fact]
    public void OptionsParseAndUnknownOnesAreNamed()
    {
        var a = new CommandArgs("dump", ["--model", "m", "--dtype=bf16", "--verbose", "--steps", "3", "--typo", "x"]);
        Assert.Equal("m", a.Required("model"));
        Assert.Equal("bf16", a.Choice("dtype", "fp32", "fp32", "bf16"));
        Assert.True(a.Flag("verbose"));
        Assert.Equal(3, a.GetInt("steps", 1));
        var e = Assert.Throws<UsageException>(a.EnsureAllUsed);
        Assert.Contains("--typo", e.Message);
    }

    [Fact]
    public void BadOptionValuesAreUsageErrors()
    {
        var a = new CommandArgs("dump", ["--dtype", "fp8", "--steps", "three"]);
        Assert.Contains("fp32|bf16", Assert.Throws<UsageException>(() => a.Choice("dtype", "fp32", "fp32", "bf16")).Message);
        Assert.Contains("expects an integer", Assert.Throws<UsageException>(() => a.GetInt("steps", 1)).Message);
        Assert.Contains("--out", Assert.Throws<UsageException>(() => a.Required("out")).Message);
    }
}
