using System.IO.Compression;
using System.Text.Json;
using R1Omni.Tokenizers;

namespace R1Omni.Tests.Tokenizers;

/// <summary>The shipped bert-base-uncased tokenizer and readers for tests/fixtures/bert_tokenizer/.</summary>
static class BertFixtures
{
    static readonly Lazy<BertTokenizer> Shared = new(() => BertTokenizer.Load(VocabPath));

    public static string VocabPath => TestPaths.Data("tokenizers", "bert-base-uncased", "vocab.txt");

    /// <summary>Loaded once; the tokenizer is immutable, so tests may share it.</summary>
    public static BertTokenizer Tokenizer => Shared.Value;

    static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads a fixture file (transparently gunzipping <c>*.gz</c>) as JSON.</summary>
    public static T Json<T>(string name)
    {
        string path = TestPaths.Fixture("bert_tokenizer", name);
        using Stream file = File.OpenRead(path);
        using Stream s = name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        return JsonSerializer.Deserialize<T>(s, Options) ?? throw new InvalidDataException($"{path}: null JSON");
    }

    public static string Text(string name) => File.ReadAllText(TestPaths.Fixture("bert_tokenizer", name));

    /// <summary>Fails with up to <paramref name="show"/> of the collected mismatches and their total count.</summary>
    public static void AssertNone(List<string> mismatches, int total, int show = 10)
    {
        if (mismatches.Count == 0) return;
        Assert.Fail($"{mismatches.Count} of {total} cases differ; first ones:\n" + string.Join("\n", mismatches.Take(show)));
    }

    public static string Show<T>(IEnumerable<T> xs) => "[" + string.Join(", ", xs) + "]";
}
