using System.Diagnostics;
using System.Text.RegularExpressions;
using R1Omni.Runtime;

namespace R1Omni.Charts;

/// <summary>
/// Renders a figure to PNG and SVG with headless Chromium (Debian's <c>chromium</c>, which <c>environment/setup</c>
/// installs) from a self-contained page, so it needs no network: plotly.js's own <c>Plotly.toImage</c> draws both, and
/// Chromium's <c>--dump-dom</c> hands them back. Without Chromium the export is skipped and the skip is logged.
/// </summary>
public static partial class ChromiumExport
{
    public const string EnvironmentVariable = "R1OMNI_CHROMIUM";
    static readonly string[] KnownPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The Chromium executable: <see cref="EnvironmentVariable"/> when set, else the first of the Debian/Ubuntu paths that exists.</summary>
    public static string? Find() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? (File.Exists(path) ? path : null)
            : KnownPaths.FirstOrDefault(File.Exists);

    /// <summary>
    /// Writes <paramref name="pngPath"/> and <paramref name="svgPath"/> at <paramref name="width"/> × the figure's height.
    /// Returns false, after logging the skip, when Chromium is not installed; a Chromium that runs but fails is an error.
    /// </summary>
    public static bool TryExport(PlotlyFigure figure, string pngPath, string svgPath, TextWriter log, int width = 900, string? chromium = null)
    {
        chromium ??= Find();
        if (chromium is null)
        {
            log.WriteLine($"[charts] PNG and SVG skipped for '{figure.Title}': Chromium not found ({string.Join(", ", KnownPaths)}; " +
                          $"environment/setup installs it, or apt-get install chromium, or set {EnvironmentVariable})");
            return false;
        }
        if (width is < 100 or > 4000) throw new R1OmniException($"image width must be between 100 and 4000 pixels, got {width}");
        string work = Directory.CreateTempSubdirectory("r1omni-image-").FullName;
        try
        {
            string page = Path.Combine(work, "figure.html");
            File.WriteAllText(page, PlotlyHtml.ImagePage(figure, width));
            string dom = Run(chromium, figure, page, work);
            if (Output(dom, "error") is { } error) throw new R1OmniException($"plotly.js could not draw '{figure.Title}' in {chromium}: {error}");
            string png = Output(dom, "png") ?? throw new R1OmniException($"{chromium} drew no image of '{figure.Title}' within its time budget");
            string svg = Output(dom, "svg") ?? throw new R1OmniException($"{chromium} drew no SVG of '{figure.Title}' within its time budget");
            byte[] pngBytes = Convert.FromBase64String(After(png, "data:image/png;base64,"));
            AtomicFile.Write(pngPath, (string temp) => File.WriteAllBytes(temp, pngBytes));
            AtomicFile.WriteAllText(svgPath, Uri.UnescapeDataString(After(svg, "data:image/svg+xml,")));
            return true;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    static string Run(string chromium, PlotlyFigure figure, string page, string work)
    {
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
                // Lets plotly.js finish drawing and encoding before the DOM is dumped.
                "--virtual-time-budget=10000",
                "--dump-dom", new Uri(page).AbsoluteUri,
            },
        };
        using var process = Process.Start(start) ?? throw new R1OmniException($"could not start {chromium}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new R1OmniException($"{chromium} did not finish the images of '{figure.Title}' within {Timeout.TotalSeconds:F0} s");
        }
        if (process.ExitCode != 0)
            throw new R1OmniException($"{chromium} failed on '{figure.Title}' (exit code {process.ExitCode}): {LastLines(stderr.Result)}");
        return stdout.Result;
    }

    /// <summary>The text of the page's <c>&lt;pre id="ID"&gt;</c> that <see cref="PlotlyHtml.ImagePage"/> fills, or null.</summary>
    static string? Output(string dom, string id) =>
        Regex.Match(dom, $"<pre id=\"{id}\">([^<]*)</pre>") is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    static string After(string dataUrl, string prefix) =>
        dataUrl.StartsWith(prefix, StringComparison.Ordinal) ? dataUrl[prefix.Length..]
            : throw new R1OmniException($"plotly.js returned '{dataUrl[..Math.Min(40, dataUrl.Length)]}…', expected a {prefix} URL");

    static string LastLines(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}
