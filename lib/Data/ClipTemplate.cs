namespace R1Omni.Data;

/// <summary>Clip paths made from a layout template such as <c>Clip/original/{clip}.mp4</c>, relative to a dataset root.</summary>
internal static class ClipTemplate
{
    public const string Placeholder = "{clip}";

    public static void Check(string template)
    {
        if (!template.Contains(Placeholder, StringComparison.Ordinal))
            throw new R1OmniException($"clip layout '{template}' has no {Placeholder} placeholder (e.g. Clip/original/{Placeholder}.mp4)");
    }

    public static string Resolve(string root, string template, string clip) =>
        Path.GetFullPath(Path.Combine(root, template.Replace(Placeholder, clip, StringComparison.Ordinal)));
}
