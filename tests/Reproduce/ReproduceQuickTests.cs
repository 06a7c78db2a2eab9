using R1Omni.Cli;
using R1Omni.Reproduce;

namespace R1Omni.Tests.Reproduce;

/// <summary>
/// The main job's quick preset end to end through the CLI (SynthEmo, base, both SFTs, GRPO, eight evaluations, figures,
/// the executed paper-table notebook), as CI must run it. The numbers themselves are not asserted: the quick preset
/// trains for seconds.
/// </summary>
[Collection(nameof(R1Omni.Tests.Notebooks.NotebookRuns))]
[Trait("Category", "Acceptance")]
public class ReproduceQuickTests
{
    [Fact]
    public void QuickPresetWritesResultsFiguresAndTheExecutedNotebook()
    {
        string outDir = TestPaths.NewTempDir("reproduce-quick");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = CommandRegistry.Main(["reproduce", "--preset", "quick", "--out", outDir], stdout, stderr);
        Assert.True(rc == 0, stdout + "\n" + stderr);

        var lines = File.ReadAllLines(Path.Combine(outDir, MiniatureReproduction.ResultsFile));
        Assert.Equal("model,id_war,id_uar,ood_war,ood_uar", lines[0]);
        Assert.Equal(MiniatureReproduction.Models, lines.Skip(1).Select(l => l.Split(',')[0]));
        foreach (string line in lines.Skip(1))
            Assert.All(line.Split(',').Skip(1), v => Assert.InRange(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture), 0, 100));
        Assert.True(File.Exists(Path.Combine(outDir, "figures", "id_vs_ood.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "eval", "grpo", "test_ood", "metrics.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "notebooks", "07-paper-table.ipynb")));
    }
}
