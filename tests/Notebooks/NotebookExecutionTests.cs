using System.Text.Json.Nodes;
using R1Omni.Charts;
using R1Omni.Notebooks;

namespace R1Omni.Tests.Notebooks;

/// <summary>Notebook runs take the machine's cores; they run alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(NotebookRuns), DisableParallelization = true)]
public sealed class NotebookRuns;

/// <summary>
/// Notebooks 00–02 executed headless, top to bottom, through the real C# Jupyter kernel (jupyter nbconvert +
/// dotnet-interactive, as environment/setup installs them), against the library environment/setup builds. A cell error
/// fails the test; the outputs prove the library loads in the kernel and its values display there. The training
/// notebooks (03, 04, 06) run against one fresh miniature run folder (<see cref="MiniatureRunFolder"/>).
/// </summary>
[Collection(nameof(NotebookRuns))]
public class NotebookExecutionTests(MiniatureRunFolder miniature) : IClassFixture<MiniatureRunFolder>
{
    /// <param name="variables">Environment variables for the kernel (the training notebooks' run folder).</param>
    static NotebookDocument Run(string name, IReadOnlyDictionary<string, string>? variables = null)
    {
        // The notebooks reference the CLI's copy of the library; a copy older than the one under test would test old code.
        string notebookLibrary = Path.Combine(TestPaths.RepoRoot, "cli", "bin", "Release", "net10.0", "linux-x64", "R1Omni.Lib.dll");
        Assert.True(File.Exists(notebookLibrary) && File.ReadAllBytes(notebookLibrary).AsSpan().SequenceEqual(File.ReadAllBytes(typeof(PlotlyFigure).Assembly.Location)),
                    $"{notebookLibrary} is missing or differs from the library under test: run environment/setup (it builds the CLI)");
        var log = new StringWriter();
        var runner = new NotebookRunner(NotebookEnvironment.Locate(), log) { Variables = variables ?? new Dictionary<string, string>() };
        var result = runner.Run(NotebookCatalog.Resolve([name])[0], TestPaths.NewTempDir(name));
        Assert.True(result.Succeeded, $"{result}\n{log}\n{(File.Exists(result.Log) ? File.ReadAllText(result.Log) : "")}");
        Assert.NotEmpty(result.Timings);
        return NotebookDocument.Load(result.Output!);
    }

    [Fact]
    public void ACellErrorFailsTheRunAndTheLaterCellsStillRun()
    {
        string dir = TestPaths.NewTempDir();
        string notebook = Path.Combine(dir, "broken.ipynb");
        static JsonObject Cell(string source) => new()
        {
            ["cell_type"] = "code", ["id"] = Guid.NewGuid().ToString("N"), ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = new JsonArray(source),
        };
        var document = new JsonObject
        {
            ["cells"] = new JsonArray(Cell("Console.WriteLine(6 * 7);"), Cell("throw new InvalidOperationException(\"no clips\");"), Cell("Console.WriteLine(\"after\");")),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = NotebookEnvironment.KernelName } },
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        File.WriteAllText(notebook, document.ToJsonString());
        var result = new NotebookRunner(NotebookEnvironment.Locate(), TextWriter.Null).Run(notebook, Path.Combine(dir, "run"));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Cell);
        Assert.Contains("System.InvalidOperationException: no clips", error.Message);
        Assert.Contains("FAILED", result.ToString());
        Assert.Equal("42\nafter\n", NotebookDocument.Load(result.Output!).StreamText());
    }

    [Fact]
    public void SetupChecksTheEnvironmentAndAssets()
    {
        var doc = Run("00");
        string html = string.Join("\n", doc.OutputData("text/html"));
        Assert.Contains("libtorch 2.10", html);
        Assert.Contains("ffmpeg      ffmpeg version", html);
        Assert.Contains($"plotly.js   {PlotlyJs.Version}", html);
        Assert.Contains(">tiny preset (fallback)</td>", html);
        Assert.Contains(">not configured</td>", html);
        Assert.Contains(PlotlyJs.Bundle[..2000], html);                                  // the loader cell
        var figure = Assert.Single(doc.OutputData(PlotlyFigure.MimeType));
        Assert.Contains("\"name\":\"bf16\"", figure);
    }

    [Fact]
    public void DataGeneratesValidatesAndShowsClips()
    {
        var doc = Run("01");
        string html = string.Join("\n", doc.OutputData("text/html"));
        Assert.Contains("manifest synthemo-test_ood: 7 items, 7 valid, 0 with problems", html);
        Assert.Contains("<img src=\"data:image/png;base64,", html);                     // the faces gallery
        Assert.Single(doc.OutputData("image/png"));                                    // the frame strip
        var figures = doc.OutputData(PlotlyFigure.MimeType);
        Assert.Equal(["bar", "scatter", "heatmap", "table"], figures.Select(f => f.Split("\"type\":\"")[1].Split('"')[0]));
    }

    [Fact]
    public void InferenceRunsEveryModality()
    {
        var doc = Run("02");
        var figures = doc.OutputData(PlotlyFigure.MimeType);
        Assert.Equal(2, figures.Count);
        foreach (string modality in new[] { "VideoAudio", "Video", "Audio" })
        {
            Assert.Contains($"({modality})", figures[0]);                                 // a row of the responses table
            Assert.Contains($"\"name\":\"{modality}\"", figures[1]);                       // its stage timings
        }
        Assert.Single(doc.OutputData("image/png"));
        Assert.Contains("M parameters, bf16 on cpu", string.Join("\n", doc.OutputData("text/plain")));
    }

    /// <summary>The first trace's type of each figure the notebook shows, in order.</summary>
    static IReadOnlyList<string> FigureTypes(NotebookDocument doc) =>
        doc.OutputData(PlotlyFigure.MimeType).Select(f => (string)JsonNode.Parse(f)!["data"]![0]!["type"]!).ToList();

    static JsonNode Figure(NotebookDocument doc, string title) =>
        doc.OutputData(PlotlyFigure.MimeType).Select(f => JsonNode.Parse(f)!).Single(f => (string?)f["layout"]!["title"]!["text"] == title);

    static IReadOnlyList<string> TraceNames(JsonNode figure) => figure["data"]!.AsArray().Select(t => (string)t!["name"]!).ToList();

    /// <summary>A table's header and cells, one per line (the breaks a long cell got at its spaces undone).</summary>
    static string Cells(JsonNode table) =>
        string.Join("\n", table["data"]![0]!["cells"]!["values"]!.AsArray().Prepend(table["data"]![0]!["header"]!["values"])
                                .SelectMany(c => c!.AsArray()).Select(v => ((string)v!).Replace("<br>", " ")));

    IReadOnlyList<string> SavedFigures(string notebook) =>
        Directory.EnumerateFiles(Path.Combine(miniature.Folder, "figures", notebook), "*.html").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList()!;

    [Fact]
    public void ColdStartSftShowsDataCurvesFormatAndScores()
    {
        var doc = Run("03", miniature.Variables);
        Assert.Equal(["table", "table", "scatter", "scatter", "bar", "bar", "heatmap", "heatmap", "heatmap", "table"], FigureTypes(doc));
        string html = string.Join("\n", doc.OutputData("text/html"));
        Assert.Contains($"run folder {miniature.Folder} (preset quick, seed 0)", html);
        Assert.Contains("cold start: 14 conversations; label-only: 14 conversations", html);       // 2 and 2 per class
        foreach (string model in new[] { "base", "cold_start_sft", "label_sft" }) Assert.Contains($"{model,-15} synthemo/answer: n=7 WAR=", html);
        Assert.Contains("&lt;think&gt;", Cells(Figure(doc, "cold-start conversations (rationale answers)")));
        Assert.Equal(["loss", "grad norm", "learning rate"], TraceNames(Figure(doc, "cold_start_sft: training")));
        var compliance = Figure(doc, "format compliance: answers in R1-Omni's think/answer format")["data"]![0]!;
        Assert.Equal("""["base","cold_start_sft","label_sft"]""", compliance["x"]!.ToJsonString());
        Assert.All(compliance["y"]!.AsArray(), v => Assert.InRange((double)v!, 0, 100));
        Assert.Equal(["WAR", "UAR"], TraceNames(Figure(doc, "WAR and UAR, in distribution (test_id)")));
        string rationales = Cells(Figure(doc, "base vs cold start, in-distribution test"));
        Assert.Contains("test_id_00000.mp4 (base)", rationales);
        Assert.Contains("test_id_00000.mp4 (cold start)", rationales);
        Assert.Equal(["cold_start_data", "cold_start_sft_training", "confusion_base", "confusion_cold_start_sft", "confusion_label_sft",
                      "format_compliance", "label_sft_data", "label_sft_training", "rationales_id", "war_uar_id"], SavedFigures("03-cold-start-sft"));
    }

    [Fact]
    public void GrpoShowsSettingsCurvesCompletionsAndTheComparison()
    {
        var doc = Run("04", miniature.Variables);
        Assert.Equal(["table", "scatter", "scatter", "table", "table", "bar", "bar", "heatmap", "heatmap", "table"], FigureTypes(doc));
        string settings = Cells(Figure(doc, "GRPO settings"));
        Assert.Contains("0.04 (K3)", settings);
        Assert.Contains("accuracy + format", settings);
        Assert.Equal(["total reward", "accuracy", "format", "probe accuracy (held out, T = 1)", "KL", "mean length", "min length", "max length", "entropy", "loss"],
                     TraceNames(Figure(doc, "GRPO: rewards, KL, completion length, entropy, loss")));
        Assert.Equal(["data", "generation", "reference log-probs", "policy pass"], TraceNames(Figure(doc, "GRPO: seconds per step by phase")));
        // The quick preset's GRPO takes 2 steps of 7 prompts × G 4 completions, and logs both.
        foreach (int step in new[] { 1, 2 })
        {
            var completions = Figure(doc, $"completions at step {step}")["data"]![0]!;
            Assert.Equal(["<b>step</b>", "<b>item</b>", "<b>label</b>", "<b>completion</b>", "<b>accuracy</b>", "<b>format</b>", "<b>reward</b>", "<b>advantage</b>"],
                         completions["header"]!["values"]!.AsArray().Select(v => (string)v!));
            Assert.Equal(Enumerable.Repeat($"{step}", 7 * 4), completions["cells"]!["values"]![0]!.AsArray().Select(v => (string)v!));
        }
        string html = string.Join("\n", doc.OutputData("text/html"));
        Assert.Contains("grpo            synthemo/answer: n=7 WAR=", html);
        Assert.Contains("format compliance", html);
        Assert.Equal(["cold_start_sft", "grpo"], TraceNames(Figure(doc, "per-class recall, in distribution")));
        Assert.Contains("test_id_00000.mp4 (GRPO)", Cells(Figure(doc, "cold start vs GRPO, in-distribution test")));
        Assert.Equal(10, SavedFigures("04-rlvr-grpo").Count);
    }

    [Fact]
    public void OutOfDistributionComparesEveryModel()
    {
        var doc = Run("06", miniature.Variables);
        Assert.Equal(["table", "bar", "bar", "bar", "heatmap", "heatmap", "heatmap", "heatmap", "table"], FigureTypes(doc));
        var table = Figure(doc, "WAR / UAR in distribution (test_id) and out of distribution (test_ood)")["data"]![0]!["cells"]!["values"]!;
        Assert.Equal("""["base","cold_start_sft","label_sft","grpo"]""", table[0]!.ToJsonString());
        Assert.Equal("""["7","7","7","7"]""", table[4]!.ToJsonString());                            // OOD n: one clip per class
        Assert.All(new[] { 2, 3, 5, 6 }.SelectMany(c => table[c]!.AsArray()), v => Assert.InRange(double.Parse((string)v!, System.Globalization.CultureInfo.InvariantCulture), 0, 100));
        Assert.Equal(["WAR gap", "UAR gap"], TraceNames(Figure(doc, "the out-of-distribution gap")));
        Assert.Equal(["base", "cold_start_sft", "label_sft", "grpo"], TraceNames(Figure(doc, "per-class recall, out of distribution")));
        Assert.Contains("test_ood_00000.mp4 (GRPO)", Cells(Figure(doc, "cold start vs GRPO, out-of-distribution test")));
        Assert.Equal(9, SavedFigures("06-ravdess-ood").Count);
    }

    [Fact]
    public void AblationsTrainTheVariantsAndMeasureModalityContributions()
    {
        // A fresh run folder: the notebook trains the cold start and every variant itself.
        string? previous = Environment.GetEnvironmentVariable("R1OMNI_RUN");
        string runFolder = TestPaths.NewTempDir("ablations-run");
        Environment.SetEnvironmentVariable("R1OMNI_RUN", runFolder);
        NotebookDocument doc;
        try { doc = Run("05"); }
        finally { Environment.SetEnvironmentVariable("R1OMNI_RUN", previous); }

        var figures = doc.OutputData(PlotlyFigure.MimeType);
        Assert.Equal(["table", "scatter", "scatter", "scatter", "scatter", "scatter", "bar", "bar", "box", "table"],
                     figures.Select(f => f.Split("\"type\":\"")[1].Split('"')[0]));
        foreach (string run in new[] { "ablation-rewards-accuracy", "ablation-beta-0", "ablation-g-8", "ablation-loss-bnpo", "ablation-loss-dr_grpo",
                                       "ablation-loss-dapo", "ablation-modality-video", "ablation-modality-audio" })
        {
            Assert.Contains($"\"{run}\"", figures[0]);                                    // a row of the summary table
            Assert.True(File.Exists(Path.Combine(runFolder, "runs", run, "metrics.jsonl")), run);
        }
        Assert.Contains("\"name\":\"\\u03B2 0\"", figures[2]);                              // the β curves overlaid (JSON-escaped β)
        Assert.Contains("\"x\":[\"video_audio\",\"video\",\"audio\"]", figures[7]);           // modality at evaluation
        Assert.Contains("\"name\":\"label: audio removed\"", figures[8]);
        foreach (string split in new[] { "test_id", "test_id-video", "test_id-audio" })
            Assert.True(File.Exists(Path.Combine(runFolder, "eval", "grpo", split, "metrics.json")), split);
        Assert.Equal(7, File.ReadAllLines(Path.Combine(runFolder, "analysis", "modality-contribution", "grpo", "contributions.jsonl")).Length);
        Assert.Equal(10, Directory.GetFiles(Path.Combine(runFolder, "figures", "ablations"), "*.html").Length);
        Assert.Contains("mean drop: video", string.Join("\n", doc.OutputData("text/html")));
    }

    [Fact]
    public void BeyondThePaperComparesTheInterventionsAtThreeSeeds()
    {
        // Fresh run folders: the notebook trains each seed's cold start and the three variants itself.
        string runs = TestPaths.NewTempDir("beyond-runs");
        var doc = Run("08", new Dictionary<string, string> { ["R1OMNI_RUNS"] = runs, ["R1OMNI_SEEDS"] = "0,1,2", ["R1OMNI_PRESET"] = "quick" });

        var rows = File.ReadAllLines(Path.Combine(runs, "rows.csv"));
        Assert.Equal("seed,variant," + string.Join(",", R1Omni.Reproduce.BeyondThePaper.Columns), rows[0]);
        Assert.Equal(9, rows.Length - 1);
        foreach (int seed in new[] { 0, 1, 2 })
            foreach (string run in new[] { "grpo", "ablation-rewards-accuracy+format+cue_faithfulness+consistency", "ablation-rewards-accuracy+format+voice_cues" })
                Assert.True(File.Exists(Path.Combine(runs, $"seed-{seed}", "runs", run, "metrics.jsonl")), $"seed {seed}: {run}");
        Assert.Equal(4, File.ReadAllLines(Path.Combine(runs, "summary.csv")).Length);
        var figures = doc.OutputData(PlotlyFigure.MimeType);
        Assert.Equal(["table", "bar"], figures.Select(f => f.Split("\"type\":\"")[1].Split('"')[0]));
        string text = string.Join("\n", doc.OutputData("text/html"));
        Assert.Contains("+ rationale rewards vs plain GRPO:", text);
        Assert.Contains("+ voice-cue reward vs plain GRPO:", text);
        Assert.Contains("audio_drop_nats: ", text);
    }
}
