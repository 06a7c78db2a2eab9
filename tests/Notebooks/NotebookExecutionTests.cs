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
/// fails the test; the outputs prove the library loads in the kernel and its values display there.
/// </summary>
[Collection(nameof(NotebookRuns))]
public class NotebookExecutionTests
{
    static NotebookDocument Run(string name)
    {
        // The notebooks reference the CLI's copy of the library; a copy older than the one under test would test old code.
        string notebookLibrary = Path.Combine(TestPaths.RepoRoot, "cli", "bin", "Release", "net10.0", "linux-x64", "R1Omni.Lib.dll");
        Assert.True(File.Exists(notebookLibrary) && File.ReadAllBytes(notebookLibrary).AsSpan().SequenceEqual(File.ReadAllBytes(typeof(PlotlyFigure).Assembly.Location)),
                    $"{notebookLibrary} is missing or differs from the library under test: run environment/setup (it builds the CLI)");
        var log = new StringWriter();
        var result = new NotebookRunner(NotebookEnvironment.Locate(), log).Run(NotebookCatalog.Resolve([name])[0], TestPaths.NewTempDir(name));
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
}
