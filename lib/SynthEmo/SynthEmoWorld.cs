using System.Diagnostics;
using System.Runtime.ExceptionServices;
using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// SynthEmo: a procedural miniature audio-visual emotion world with DFEW's seven labels, small enough for the whole
/// R1-Omni pipeline (cold-start SFT → GRPO → in- and out-of-distribution evaluation) to run on a CPU in minutes.
/// <see cref="Generate"/> writes <c>clips/&lt;split&gt;/&lt;id&gt;.mp4</c>, the manifests of every split
/// (<see cref="ManifestWriter"/>) and the cache index (<see cref="ClipCache"/>) into one folder.
/// </summary>
public static class SynthEmoWorld
{
    /// <summary>Part of every options and spec hash; bump it whenever rendering or sampling changes.</summary>
    public const string GeneratorVersion = "synthemo-1";

    /// <summary>cache/synthemo/&lt;options hash&gt;/ under the repository.</summary>
    public static string DefaultOutDir(SynthEmoOptions options) => Path.Combine(AppPaths.RepoRoot, "cache", "synthemo", options.Hash);

    /// <summary>
    /// Renders every planned clip that is not already in <paramref name="outDir"/> with the right content, using
    /// up to <see cref="SynthEmoOptions.MaxParallelism"/> clips at a time (the output does not depend on it), then
    /// writes the manifests. Clips of an earlier run that the plan no longer contains are deleted.
    /// </summary>
    public static SynthEmoResult Generate(string outDir, SynthEmoOptions options, Action<SynthEmoProgress>? progress = null)
    {
        options.Validate();
        var watch = Stopwatch.StartNew();
        outDir = Path.GetFullPath(outDir);
        Directory.CreateDirectory(outDir);
        var plan = ClipPlanner.Plan(options);
        var cache = ClipCache.Load(outDir);
        var entries = new ClipCacheEntry?[plan.Count];
        int done = 0, cached = 0;
        var gate = new object();
        try
        {
            Parallel.For(0, plan.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism }, i =>
            {
                var clip = plan[i];
                string spec = ClipCache.SpecHash(clip, options.Format), path = VideoPath(outDir, clip);
                var entry = cache.Reusable(clip, spec, path);
                bool reused = entry is not null;
                if (entry is null)
                {
                    Render(clip, options, path);
                    entry = new ClipCacheEntry(clip.Id, clip.Video, spec, ClipCache.ContentHash(path));
                }
                entries[i] = entry;
                lock (gate)
                {
                    done++;
                    if (reused) cached++;
                    progress?.Invoke(new SynthEmoProgress(done, plan.Count, cached, clip.Id));
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<R1OmniException>().FirstOrDefault() is { } first)
        {
            ExceptionDispatchInfo.Throw(first);
        }
        finally
        {
            // Whatever finished is recorded, so an interrupted run resumes where it stopped.
            ClipCache.Save(outDir, options, entries.OfType<ClipCacheEntry>());
        }
        var planned = plan.Select(c => c.Video).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in cache.Entries.Where(e => !planned.Contains(e.Video)))
            File.Delete(Path.Combine(outDir, stale.Video));
        var manifests = ManifestWriter.Write(outDir, plan);
        return new SynthEmoResult(outDir, options.Hash, plan.Count, plan.Count - cached, cached, watch.Elapsed.TotalSeconds, manifests);
    }

    /// <summary>Renders one clip's frames and voice and writes its mp4 to <paramref name="path"/>.</summary>
    public static void Render(ClipSpec clip, SynthEmoOptions options, string path)
    {
        var renderer = new FaceRenderer(clip.Face, clip.Split.FaceStyle, options.Format);
        float[] audio = new VoiceSynthesizer(clip.Voice, options.Format).Synthesize();
        new ClipWriter(options.Format, options.Ffmpeg).Write(path, clip.Id, renderer.Render, audio);
    }

    static string VideoPath(string outDir, ClipSpec clip) => Path.Combine(outDir, "clips", clip.Split.Name, clip.Id + ".mp4");
}
