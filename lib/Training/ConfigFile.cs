using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using R1Omni.Runtime;

namespace R1Omni.Training;

/// <summary>
/// Training config files: a JSON object whose keys are the snake_case names of a config record's properties. Keys
/// not given keep the defaults instance's values; an unknown key or a value of the wrong type is an error naming
/// the file and the key. The effective config (every key, defaults included) is written into the run folder.
/// </summary>
public static class ConfigFile
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // A skipped step's NaN or infinite loss is kept in the trainer state as "NaN" / "Infinity".
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Reads <paramref name="path"/> over <paramref name="defaults"/>, makes relative paths absolute against the
    /// file's folder and validates the result.</summary>
    public static T Load<T>(string path, T defaults) where T : TrainingConfig
    {
        if (!File.Exists(path)) throw new R1OmniException($"config file '{path}' does not exist");
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new R1OmniException($"{path}: not valid JSON ({e.Message})", e); }
        if (node is not JsonObject given) throw new R1OmniException($"{path}: expected a JSON object of settings {{\"key\": value, …}}");
        var config = (T)Merge(given, defaults, path).ResolvePaths(Path.GetDirectoryName(Path.GetFullPath(path))!);
        config.Validate(path);
        return config;
    }

    /// <summary>Applies the keys of <paramref name="given"/> to <paramref name="defaults"/>; <paramref name="source"/> names the origin in errors.</summary>
    public static T Merge<T>(JsonObject given, T defaults, string source) where T : TrainingConfig
    {
        var merged = JsonSerializer.SerializeToNode(defaults, defaults.GetType(), Options)!.AsObject();
        foreach (var (key, value) in given)
        {
            if (!merged.ContainsKey(key))
                throw new R1OmniException($"{source}: unknown key '{key}'" + Suggestion(key, merged.Select(p => p.Key)) +
                                          $" (known keys: {string.Join(", ", merged.Select(p => p.Key).Order(StringComparer.Ordinal))})");
            merged[key] = value?.DeepClone();
        }
        try { return (T)JsonSerializer.Deserialize(merged.ToJsonString(), defaults.GetType(), Options)!; }
        catch (JsonException e)
        {
            string name = (e.Path ?? "").TrimStart('$', '.').Split('[', '.')[0];
            throw new R1OmniException($"{source}: key '{name}' has an invalid value {given[name]?.ToJsonString() ?? "null"} ({Expected(defaults, name)})", e);
        }
    }

    /// <summary>Writes every key of <paramref name="config"/> (its runtime type) as indented JSON, atomically.</summary>
    public static void Write(string path, TrainingConfig config)
    {
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(config, config.GetType(), Options) + "\n");
    }

    static string Expected(TrainingConfig defaults, string key)
    {
        var current = JsonSerializer.SerializeToNode(defaults, defaults.GetType(), Options)![key];
        var prop = defaults.GetType().GetProperties().FirstOrDefault(p => Options.PropertyNamingPolicy!.ConvertName(p.Name) == key);
        if (prop?.PropertyType.IsEnum == true)
            return "expected one of " + string.Join(", ", Enum.GetNames(prop.PropertyType).Select(n => $"\"{Options.PropertyNamingPolicy!.ConvertName(n)}\""));
        return $"expected a value like the default {current?.ToJsonString() ?? "null"}";
    }

    static string Suggestion(string key, IEnumerable<string> known) =>
        KeySuggestions.Near(key, known, max: 1) is [var near] ? $"; did you mean '{near}'?" : "";
}
