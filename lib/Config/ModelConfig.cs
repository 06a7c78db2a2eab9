using System.Text.Json;
using R1Omni.Json;

namespace R1Omni.Config;

/// <summary>Reads a model folder's config.json and returns the typed config its <c>model_type</c> names.</summary>
public static class ModelConfig
{
    public const string FileName = "config.json";

    static readonly Dictionary<string, Func<JsonElement, string, object>> Parsers = new(StringComparer.Ordinal)
    {
        ["qwen2"] = (root, path) => Qwen2Config.FromJson(root, path),
        [HumanOmniConfig.ModelType] = (root, path) => HumanOmniConfig.FromJson(root, path),
        ["siglip"] = (root, path) => SiglipVisionConfig.FromJson(root, path),
        ["siglip_vision_model"] = (root, path) => SiglipVisionConfig.FromJson(root, path),
        ["whisper"] = (root, path) => WhisperConfig.FromJson(root, path),
        ["bert"] = (root, path) => BertConfig.FromJson(root, path),
    };

    public static IReadOnlyCollection<string> SupportedModelTypes => Parsers.Keys;

    /// <summary>The config.json of a model folder (a path to a config.json file itself is accepted too).</summary>
    public static string ConfigPath(string folder)
    {
        if (File.Exists(folder)) return folder;
        string path = Path.Combine(folder, FileName);
        if (File.Exists(path)) return path;
        throw new R1OmniException(Directory.Exists(folder)
            ? $"{folder}: no {FileName} in this folder (expected a Hugging Face model folder)"
            : $"{folder}: model folder not found");
    }

    public static string ReadModelType(string folder)
    {
        string path = ConfigPath(folder);
        using var doc = JsonFile.Parse(path);
        return ModelType(doc.RootElement, path);
    }

    /// <summary>A Qwen2Config, HumanOmniConfig, SiglipVisionConfig, WhisperConfig or BertConfig, by model_type.</summary>
    public static object Load(string folder)
    {
        string path = ConfigPath(folder);
        using var doc = JsonFile.Parse(path);
        string type = ModelType(doc.RootElement, path);
        if (!Parsers.TryGetValue(type, out var parse))
            throw new R1OmniException($"{path}: unsupported model_type '{type}' (supported: {string.Join(", ", SupportedModelTypes)})");
        return parse(doc.RootElement, path);
    }

    public static T Load<T>(string folder)
    {
        object config = Load(folder);
        return config is T typed ? typed : throw new R1OmniException(
            $"{ConfigPath(folder)}: model_type '{ReadModelType(folder)}' is a {config.GetType().Name}, not the {typeof(T).Name} expected here");
    }

    static string ModelType(JsonElement root, string path)
    {
        var c = ConfigReader.Root(root, path);
        return c.NullableString("model_type")
            ?? throw new R1OmniException($"{path}: no 'model_type' (supported: {string.Join(", ", SupportedModelTypes)})");
    }
}
