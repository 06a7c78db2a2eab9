using System.Text.Json;

namespace R1Omni.Data;

/// <summary>One top-level item of a JSON list or JSONL file, with the 1-based line it starts on (for error messages).</summary>
internal readonly record struct JsonRecord(int Line, JsonElement Value)
{
    /// <summary>"file:line" — the prefix of every error about this record.</summary>
    public string Where(string file) => $"{file}:{Line}";
}
