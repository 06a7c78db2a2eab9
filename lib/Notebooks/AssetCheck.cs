using System.Globalization;
using R1Omni.Checkpoints;
using R1Omni.Config;
using R1Omni.Data;
using R1Omni.Models.HumanOmni;

namespace R1Omni.Notebooks;

/// <summary>
/// Looks at the checkpoints, towers and dataset manifests a notebook is configured with, without loading weights:
/// enough to say what is there and what is missing before a long cell starts.
/// </summary>
public static class AssetCheck
{
    /// <summary>A HumanOmni / R1-Omni checkpoint folder: its sizes, tensor count, and whether the towers its config names resolve.</summary>
    public static AssetStatus Checkpoint(string name, string? folder, HumanOmniLoadOptions? options = null) =>
        Check(name, "checkpoint", folder, Directory.Exists, path =>
        {
            var config = ModelConfig.Load<HumanOmniConfig>(path);
            using var reader = CheckpointReader.Open(path);
            var (vision, audio) = HumanOmniLoader.TowerFolders(path, config, options ?? new());
            string Tower(string kind, string dir) => $"{kind} {(File.Exists(Path.Combine(dir, ModelConfig.FileName)) ? "found" : "MISSING")} ({dir})";
            var t = config.Text;
            return $"LLM {t.NumHiddenLayers} layers × {t.HiddenSize}, {reader.Keys.Count} tensors, {Gigabytes(path)}; " +
                   $"{Tower("vision tower", vision)}; {Tower("audio tower", audio)}";
        });

    /// <summary>A tower or BERT folder (config.json plus weights).</summary>
    public static AssetStatus ModelFolder(string name, string? folder) =>
        Check(name, "model folder", folder, Directory.Exists, path =>
        {
            string type = ModelConfig.ReadModelType(path);
            bool weights = Directory.EnumerateFiles(path, "*.safetensors").Any() || Directory.EnumerateFiles(path, "*.bin").Any();
            return $"model_type {type}, {(weights ? Gigabytes(path) + " of weights" : "no weight files")}";
        });

    /// <summary>A workbench manifest: items, how many pass <see cref="ManifestValidator"/> (against the built-in label set of their source), labels.</summary>
    public static AssetStatus Manifest(string name, string? path) =>
        Check(name, "manifest", path, File.Exists, p =>
        {
            var manifest = ManifestJsonl.Read(p);
            var options = new ValidationOptions
            {
                LabelsBySource = manifest.Items.Select(i => i.Source).Distinct().Where(LabelMap.BuiltInNames.Contains).ToDictionary(s => s, LabelMap.BuiltIn),
            };
            var report = ManifestValidator.Validate(manifest, options);
            var labels = manifest.Items.Where(i => i.Label is not null).GroupBy(i => i.Label!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {g.Count()}");
            return $"{manifest.Count} items, {report.Valid} valid; {string.Join(", ", labels)}";
        });

    static AssetStatus Check(string name, string kind, string? path, Func<string, bool> exists, Func<string, string> describe)
    {
        if (path is null) return new AssetStatus(name, kind, null, AssetState.NotConfigured, "");
        string full = System.IO.Path.GetFullPath(path);
        if (!exists(full)) return new AssetStatus(name, kind, full, AssetState.Missing, "not found");
        try { return new AssetStatus(name, kind, full, AssetState.Ok, describe(full)); }
        catch (R1OmniException e) { return new AssetStatus(name, kind, full, AssetState.Invalid, e.Message); }
    }

    static string Gigabytes(string folder)
    {
        long bytes = Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal) || f.EndsWith(".bin", StringComparison.Ordinal))
            .Sum(f => new FileInfo(f).Length);
        return string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:F2} GB");
    }
}
