using System.Text.Json;
using R1Omni.Json;
using R1Omni.Runtime;
using TorchSharp;

namespace R1Omni.Checkpoints;

/// <summary>
/// The tensors of a checkpoint in the Hugging Face layout: a folder with <c>model.safetensors</c>, or with
/// <c>model.safetensors.index.json</c> and the shards it names, or a single .safetensors / index file.
/// </summary>
public sealed class CheckpointReader : IDisposable
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    readonly IReadOnlyList<SafetensorsFile> files;
    readonly Dictionary<string, SafetensorsFile> owner;

    /// <summary>The file or folder this reader was opened on, as given.</summary>
    public string Location { get; }
    public IReadOnlyCollection<string> Keys => owner.Keys;

    CheckpointReader(string location, IReadOnlyList<SafetensorsFile> files, Dictionary<string, SafetensorsFile> owner)
    {
        (Location, this.files, this.owner) = (location, files, owner);
    }

    public static CheckpointReader Open(string fileOrFolder)
    {
        if (Directory.Exists(fileOrFolder))
        {
            string index = Path.Combine(fileOrFolder, IndexFileName);
            string single = Path.Combine(fileOrFolder, SingleFileName);
            if (File.Exists(index)) return OpenIndex(index, fileOrFolder);
            if (File.Exists(single)) return OpenSingle(single, fileOrFolder);
            string found = string.Join(", ", Directory.EnumerateFiles(fileOrFolder).Select(Path.GetFileName).Order().Take(10));
            throw new R1OmniException($"{fileOrFolder}: no {SingleFileName} or {IndexFileName} in this folder" +
                                      (found.Length > 0 ? $" (it holds: {found})" : " (it is empty)"));
        }
        if (!File.Exists(fileOrFolder)) throw new R1OmniException($"{fileOrFolder}: checkpoint file or folder not found");
        return fileOrFolder.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? OpenIndex(fileOrFolder, fileOrFolder)
            : OpenSingle(fileOrFolder, fileOrFolder);
    }

    static CheckpointReader OpenSingle(string path, string location)
    {
        var file = SafetensorsFile.Open(path);
        return new CheckpointReader(location, [file], file.Tensors.Keys.ToDictionary(k => k, _ => file, StringComparer.Ordinal));
    }

    static CheckpointReader OpenIndex(string indexPath, string location)
    {
        var weightMap = ReadWeightMap(indexPath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var shards = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            foreach (string shard in weightMap.Values.Distinct().Order(StringComparer.Ordinal))
            {
                string path = Path.Combine(folder, shard);
                if (!File.Exists(path))
                    throw new R1OmniException($"{indexPath}: shard '{shard}' named in weight_map is missing ({path} not found)");
                shards.Add(shard, SafetensorsFile.Open(path));
            }
            var owner = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var (key, shard) in weightMap)
            {
                var file = shards[shard];
                if (!file.Contains(key))
                    throw new R1OmniException($"{indexPath}: weight_map puts '{key}' in shard '{shard}', but that shard has no such tensor");
                owner.Add(key, file);
            }
            return new CheckpointReader(location, shards.Values.ToList(), owner);
        }
        catch
        {
            foreach (var f in shards.Values) f.Dispose();
            throw;
        }
    }

    static Dictionary<string, string> ReadWeightMap(string indexPath)
    {
        using var doc = JsonFile.Parse(indexPath);
        var root = JsonFields.Expect(doc.RootElement, JsonValueKind.Object, indexPath, what: "an object with a 'weight_map' object");
        var map = JsonFields.Required(root, "weight_map", JsonValueKind.Object, indexPath, what: "an object (key -> shard file name)");
        var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in map.EnumerateObject())
        {
            string? shard = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
            // Shards must sit next to the index; a path would let an index reach outside the checkpoint.
            if (string.IsNullOrEmpty(shard) || shard != Path.GetFileName(shard))
                throw new R1OmniException($"{indexPath}: weight_map['{p.Name}'] must be a shard file name, found {p.Value.GetRawText()}");
            weightMap[p.Name] = shard;
        }
        return weightMap;
    }

    public bool Contains(string key) => owner.ContainsKey(key);

    public TensorInfo Info(string key) => FileOf(key).Tensors[key];

    public torch.Tensor Load(string key, torch.ScalarType? dtype = null, torch.Device? device = null) =>
        FileOf(key).Load(key, dtype, device);

    /// <summary>The file holding a key; a missing key is an error naming this checkpoint and nearby keys.</summary>
    public SafetensorsFile FileOf(string key) =>
        owner.TryGetValue(key, out var file) ? file
            : throw new R1OmniException($"{Location}: checkpoint has no tensor '{key}' (it has {owner.Count})." +
                                        KeySuggestions.Sentence(key, owner.Keys));

    public void Dispose()
    {
        foreach (var f in files) f.Dispose();
    }
}
