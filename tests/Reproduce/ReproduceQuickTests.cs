using R1Omni.Cli;
using R1Omni.Cli.Commands;
using R1Omni.Notebooks;
using R1Omni.Reproduce;

namespace R1Omni.Tests.Reproduce;

/// <summary>
/// The main job's quick preset end to end through the CLI (SynthEmo, the base's pretraining, both SFTs, GRPO with its
/// learning probe, eight evaluations with rationale scores, figures in HTML, PNG and SVG, the executed notebooks), as CI must run it. The numbers themselves are not asserted: the quick preset
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

        string header = File.ReadLines(Path.Combine(outDir, MiniatureReproduction.ResultsFile)).First();
        Assert.StartsWith("model,id_war,id_uar,ood_war,ood_uar,id_face_faithfulness,", header);   // the paper's five first, then the rationale columns
        var rows = MiniatureReproduction.ReadResults(Path.Combine(outDir, MiniatureReproduction.ResultsFile));
        Assert.Equal(MiniatureReproduction.Models, rows.Select(r => r.Model));
        foreach (var row in rows)
            Assert.All(MiniatureReproduction.ResultColumns, c => Assert.InRange(row[c], 0, 100));

        // Every stage of the curriculum ran: the HumanOmni analogue from the random model, GRPO with its learning probe.
        Assert.True(File.Exists(Path.Combine(outDir, "models", "init", "model.safetensors")));
        Assert.NotNull(R1Omni.Training.RunCheckpoints.Latest(Path.Combine(outDir, "runs", "base")));
        var probe = File.ReadAllLines(Path.Combine(outDir, "runs", "grpo", R1Omni.Training.Grpo.LearningProbe.FileName));
        Assert.True(probe.Length >= 2, "the probe runs before the first step and after the last");
        Assert.Contains("\"step\":0,", probe[0]);
        Assert.Contains("probe/accuracy", File.ReadAllText(Path.Combine(outDir, "runs", "grpo", "metrics.jsonl")));
        foreach (string model in MiniatureReproduction.Models)
            Assert.True(File.Exists(Path.Combine(outDir, "eval", model, "test_id", MiniatureReproduction.RationaleFile)), $"no rationale scores for {model}");
        foreach (string figure in new[] { "id_vs_ood", "grpo_training", "grpo_probe" })
            foreach (string ext in new[] { ".html", ".png", ".svg" })
                Assert.True(File.Exists(Path.Combine(outDir, "figures", figure + ext)), $"figures/{figure}{ext} is missing");
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
