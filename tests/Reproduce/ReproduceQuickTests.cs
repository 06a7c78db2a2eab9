using R1Omni.Cli;
using R1Omni.Cli.Commands;
using R1Omni.Notebooks;
using R1Omni.Reproduce;

namespace R1Omni.Tests.Reproduce;

/// <summary>
/// The main job's quick preset end to end through the CLI (SynthEmo, base, both SFTs, GRPO, eight evaluations, figures,
/// the executed notebooks), as CI must run it. The numbers themselves are not asserted: the quick preset
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
        foreach (string notebook in ReproduceCommand.ReportNotebooks)
        {
            string executed = Path.Combine(outDir, "notebooks", notebook + ".ipynb");
            Assert.True(File.Exists(executed), $"{notebook} was not executed");
            Assert.Contains($"{notebook}: ok in", stdout.ToString());
            // The notebooks read the finished stages: nothing is trained or evaluated again (those stages log to the cells).
            string streamed = NotebookDocument.Load(executed).StreamText();
            Assert.DoesNotContain("[sft]", streamed);
            Assert.DoesNotContain("[grpo]", streamed);
            Assert.DoesNotContain("[eval]", streamed);
        }
        Assert.True(File.Exists(Path.Combine(outDir, "figures", "04-rlvr-grpo", "grpo_training.html")));
        Directory.Delete(outDir, recursive: true);   // some 600 MB; kept when an assertion failed
    }
}
