using System.Text.Json;

namespace R1Omni.Tests.Tokenizers;

/// <summary>Expected Qwen2 tokenisations from tests/fixtures/qwen2_tokenizer (see its PROVENANCE.md).</summary>
public static class QwenReferenceData
{
    /// <summary>llama.cpp's 46 test strings and the ids HF's Qwen tokenizer gave them.</summary>
    public static IReadOnlyList<(string Text, int[] Ids)> LlamaCpp { get; } = ReadLlamaCpp();

    /// <summary>swift-transformers' 83 multilingual strings joined with the Qwen2.5 baseline on id.</summary>
    public static IReadOnlyDictionary<string, MultilingualCase> Multilingual { get; } = ReadMultilingual();

    public sealed record MultilingualCase(string Text, int[] InputIds, string DecodedWithSpecial, string DecodedSkipSpecial);

    static List<(string, int[])> ReadLlamaCpp()
    {
        string dir = TestPaths.Fixture("qwen2_tokenizer", "llama_cpp");
        string[] texts = File.ReadAllText(Path.Combine(dir, "ggml-vocab-qwen2.gguf.inp")).Split("\n__ggml_vocab_test__\n");
        string[] lines = File.ReadAllText(Path.Combine(dir, "ggml-vocab-qwen2.gguf.out")).Split('\n');
        // The .inp ends with a separator (an empty tail after it); the .out has one line per string.
        if (texts[^1] != "") throw new InvalidDataException("ggml-vocab-qwen2.gguf.inp: expected a trailing separator");
        return texts[..^1].Select((text, i) => (text,
            lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray())).ToList();
    }

    static Dictionary<string, MultilingualCase> ReadMultilingual()
    {
        string dir = TestPaths.Fixture("qwen2_tokenizer", "swift_transformers");
        using var inputs = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "multilingual_inputs.json")));
        using var baseline = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "qwen2_5_multilingual.json")));
        var texts = inputs.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("text").GetString()!);
        return baseline.RootElement.GetProperty("entries").EnumerateArray().ToDictionary(
            e => e.GetProperty("id").GetString()!,
            e => new MultilingualCase(texts[e.GetProperty("id").GetString()!],
                e.GetProperty("input_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                e.GetProperty("decoded_with_special").GetString()!,
                e.GetProperty("decoded_skip_special").GetString()!));
    }
}
