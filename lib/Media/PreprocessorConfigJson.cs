using System.Text.Json;

namespace R1Omni.Media;

/// <summary>Reads fields of an HF <c>preprocessor_config.json</c>, with errors that name the file and the key.</summary>
static class PreprocessorConfigJson
{
    public static JsonDocument Open(string path)
    {
        if (!File.Exists(path)) throw new R1OmniException($"preprocessor config not found: {path}");
        try { return JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new R1OmniException($"{path}: not valid JSON ({e.Message})", e); }
    }

    public static JsonElement Get(JsonElement obj, string path, string key)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(key, out var value))
            throw new R1OmniException($"{path}: missing key \"{key}\"");
        return value;
    }

    public static int Int(JsonElement obj, string path, string key)
    {
        var value = Get(obj, path, key);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int result))
            throw new R1OmniException($"{path}: \"{key}\" must be an integer, got {value.GetRawText()}");
        return result;
    }

    public static double Double(JsonElement obj, string path, string key)
    {
        var value = Get(obj, path, key);
        if (value.ValueKind != JsonValueKind.Number)
            throw new R1OmniException($"{path}: \"{key}\" must be a number, got {value.GetRawText()}");
        return value.GetDouble();
    }

    public static bool Bool(JsonElement obj, string path, string key, bool fallback)
    {
        if (!obj.TryGetProperty(key, out var value)) return fallback;
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw new R1OmniException($"{path}: \"{key}\" must be true or false, got {value.GetRawText()}");
        return value.GetBoolean();
    }

    /// <summary>A number or a list of numbers (HF accepts both for image_mean / image_std), expanded to 3 channels.</summary>
    public static double[] PerChannel(JsonElement obj, string path, string key)
    {
        var value = Get(obj, path, key);
        if (value.ValueKind == JsonValueKind.Number) return [value.GetDouble(), value.GetDouble(), value.GetDouble()];
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 3 &&
            value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number))
            return [.. value.EnumerateArray().Select(v => v.GetDouble())];
        throw new R1OmniException($"{path}: \"{key}\" must be a number or a list of 3 numbers, got {value.GetRawText()}");
    }
}
