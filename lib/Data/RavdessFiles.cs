using System.Globalization;

namespace R1Omni.Data;

/// <summary>
/// A RAVDESS manifest made by scanning a folder tree (e.g. <c>Actor_01/01-01-03-01-01-01-01.mp4</c>) and decoding each
/// file name (RAVDESS's naming convention, <see cref="RavdessCode"/>). By default only modality 01 (audio-video; the
/// model needs both) and vocal channel 01 (speech) are kept; <paramref name="actors"/> restricts the actors.
/// </summary>
public static class RavdessFiles
{
    static readonly string[] Extensions = [".mp4", ".wav"];

    public static Manifest Scan(string root, int modality = 1, int vocalChannel = 1, IReadOnlyCollection<int>? actors = null, LabelMap? labels = null)
    {
        if (!Directory.Exists(root)) throw new R1OmniException($"RAVDESS folder not found: {root}");
        var map = labels ?? LabelMap.BuiltIn("ravdess");
        var items = new List<ManifestItem>();
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal);
        foreach (string file in files)
        {
            var code = RavdessCode.Parse(file);
            if (code.Modality != modality || code.VocalChannel != vocalChannel) continue;
            if (actors is not null && !actors.Contains(code.Actor)) continue;
            var cls = map.ClassForKey(code.EmotionKey, file);
            var meta = code.Describe(cls);
            meta["code"] = code.ToString();
            items.Add(new ManifestItem
            {
                Id = "ravdess/" + code,
                Video = Path.GetFullPath(file),
                Label = cls.Label,
                Source = "ravdess",
                Meta = meta,
            });
        }
        string actorPart = actors is null ? "" : "-actors" + string.Join('_', actors.Order().Select(a => a.ToString("D2", CultureInfo.InvariantCulture)));
        return new Manifest($"ravdess-m{modality:D2}-v{vocalChannel:D2}{actorPart}", root, items);
    }
}
