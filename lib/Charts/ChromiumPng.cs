using System.Diagnostics;

namespace R1Omni.Charts;

/// <summary>
/// Renders a figure to PNG with headless Chromium (Debian's <c>chromium</c> package) from a self-contained page, so it
/// needs no network. PNGs are optional: without Chromium the export is skipped and the skip is logged.
/// </summary>
public static class ChromiumPng
{
    public const string EnvironmentVariable = "R1OMNI_CHROMIUM";
    static readonly string[] KnownPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The Chromium executable: <see cref="EnvironmentVariable"/> when set, else the first of the Debian/Ubuntu paths that exists.</summary>
    public static string? Find() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? (File.Exists(path) ? path : null)
            : KnownPaths.FirstOrDefault(File.Exists);

    /// <summary>
    /// Writes <paramref name="pngPath"/> at <paramref name="width"/> × the figure's height. Returns false, after logging
    /// the skip, when Chromium is not installed; a Chromium that runs but fails is an error.
    /// </summary>
    public static bool TryExport(PlotlyFigure figure, string pngPath, TextWriter log, int width = 900, string? chromium = null)
    {
        chromium ??= Find();
        if (chromium is null)
        {
            log.WriteLine($"[charts] PNG skipped for '{figure.Title}': Chromium not found ({string.Join(", ", KnownPaths)}; " +
                          $"apt-get install chromium, or set {EnvironmentVariable})");
            return false;
        }
        if (width is < 100 or > 4000) throw new R1OmniException($"PNG width must be between 100 and 4000 pixels, got {width}");
        string work = Directory.CreateTempSubdirectory("r1omni-png-").FullName;
        try
        {
            string page = Path.Combine(work, "figure.html"), output = Path.GetFullPath(pngPath);
            File.WriteAllText(page, PlotlyHtml.ImagePage(figure, width));
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.Delete(output);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    // --no-sandbox: Chromium's sandbox refuses to start as root (containers, CI).
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
                    // A local file needs no network; keep Chromium from reaching out on its own.
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-pings",
                    $"--user-data-dir={Path.Combine(work, "profile")}", "--force-device-scale-factor=1",
                    $"--window-size={width},{figure.Height}",
                    // Lets plotly.js finish drawing before the screenshot is taken.
                    "--virtual-time-budget=5000",
                    $"--screenshot={output}", new Uri(page).AbsoluteUri,
                },
            };
            using var process = Process.Start(start) ?? throw new R1OmniException($"could not start {chromium}");
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new R1OmniException($"{chromium} did not finish the PNG of '{figure.Title}' within {Timeout.TotalSeconds:F0} s");
            }
            if (process.ExitCode != 0 || !File.Exists(output))
                throw new R1OmniException($"{chromium} failed to write {output} (exit code {process.ExitCode}): {LastLines(stderr.Result)}");
            return true;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    static string LastLines(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}
