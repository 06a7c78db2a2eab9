using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using R1Omni.Json;
using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// The cache index <c>synthemo.json</c> of an output folder: the options (and their hash) and, per clip, the hash of
/// its spec and of its mp4. A clip is reused only when its spec hash is unchanged and the file on disk still has
/// the recorded content hash; anything else is rendered again.
/// </summary>
public sealed class ClipCache
{
    public const string FileName = "synthemo.json";
    readonly Dictionary<string, ClipCacheEntry> _byVideo;

    ClipCache(Dictionary<string, ClipCacheEntry> byVideo) => _byVideo = byVideo;

    public IReadOnlyCollection<ClipCacheEntry> Entries => _byVideo.Values;

    /// <summary>The index in <paramref name="outDir"/>, or an empty one when there is none yet.</summary>
    public static ClipCache Load(string outDir)
    {
        string path = Path.Combine(outDir, FileName);
        var entries = new Dictionary<string, ClipCacheEntry>(StringComparer.Ordinal);
        if (!File.Exists(path)) return new ClipCache(entries);
        using var doc = JsonFile.Parse(path);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("clips", out var clips) || clips.ValueKind != JsonValueKind.Array)
            throw new R1OmniException($"{path}: expected an object with a 'clips' array; delete the file to rebuild the cache");
        int i = 0;
        foreach (var clip in clips.EnumerateArray())
        {
            string Field(string name) =>
                clip.ValueKind == JsonValueKind.Object && clip.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()!
                    : throw new R1OmniException($"{path}: clips[{i}].{name} must be a string; delete the file to rebuild the cache");
            var entry = new ClipCacheEntry(Field("id"), Field("video"), Field("spec_sha256"), Field("sha256"));
            entries[entry.Video] = entry;
            i++;
        }
        return new ClipCache(entries);
    }

    /// <summary>The recorded entry when the clip at <paramref name="path"/> can be reused as it is, else null.</summary>
    public ClipCacheEntry? Reusable(ClipSpec clip, string specSha256, string path) =>
        _byVideo.TryGetValue(clip.Video, out var entry) && entry.SpecSha256 == specSha256 && File.Exists(path) && ContentHash(path) == entry.Sha256
            ? entry
            : null;

    public static void Save(string outDir, SynthEmoOptions options, IEnumerable<ClipCacheEntry> entries)
    {
        var index = new
        {
            generator = SynthEmoWorld.GeneratorVersion,
            options_hash = options.Hash,
            options = JsonDocument.Parse(options.ContentJson()).RootElement,
            clips = entries,
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, FileName), JsonSerializer.Serialize(index, SynthEmoJson.Indented) + "\n");
    }

    /// <summary>SHA-256 over everything that determines a clip's bytes: generator version, format, id, face and voice styles and
    /// the sampled face and voice parameters.</summary>
    public static string SpecHash(ClipSpec clip, ClipFormat format) => Sha256(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        generator = SynthEmoWorld.GeneratorVersion,
        format,
        id = clip.Id,
        face_style = clip.Split.FaceStyle,
        voice_style = clip.Split.VoiceStyle,
        face = clip.Face,
        voice = clip.Voice,
    }, SynthEmoJson.Compact)));

    public static string ContentHash(string path) => Sha256(File.ReadAllBytes(path));

    static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
