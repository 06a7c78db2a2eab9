using System.Text.RegularExpressions;
using R1Omni.Runtime;

namespace R1Omni.Charts;

/// <summary>
/// The plotly.js bundle (plotly.js-dist-min) that HTML pages embed so they open without a network. environment/setup
/// fetches the pinned version from the npm registry into .tools/plotly/; <see cref="EnvironmentVariable"/> points elsewhere.
/// </summary>
public static partial class PlotlyJs
{
    public const string EnvironmentVariable = "R1OMNI_PLOTLY_JS";

    static readonly Lazy<string> Text = new(Read);

    public static string BundlePath =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? path
            : Path.Combine(AppPaths.RepoRoot, ".tools", "plotly", "plotly.min.js");

    public static bool IsAvailable => File.Exists(BundlePath);

    /// <summary>The minified bundle, safe to place inside a script element.</summary>
    public static string Bundle => Text.Value;

    /// <summary>The version the bundle's header names, e.g. "4.1.2".</summary>
    public static string Version => VersionPattern().Match(Bundle[..Math.Min(Bundle.Length, 200)]) is { Success: true } m ? m.Groups[1].Value : "unknown";

    /// <summary>
    /// A script element defining <c>window.Plotly</c> for the HTML form of figures displayed after it. Shown once per
    /// notebook (about 5 MB in the saved outputs); VS Code and JupyterLab draw figures without it.
    /// </summary>
    public static HtmlFragment NotebookLoader() =>
        new($"<script type=\"text/javascript\">{Bundle}</script><span>plotly.js {Version} loaded for the HTML form of the charts below.</span>");

    static string Read()
    {
        string path = BundlePath;
        if (!File.Exists(path))
            throw new R1OmniException($"plotly.js not found at {path}: run environment/setup (it fetches plotly.js-dist-min from the npm " +
                                      $"registry into .tools/plotly/), or set {EnvironmentVariable} to a plotly.min.js");
        // A literal "</script" would end the element early; "<\/" means the same to JavaScript.
        return File.ReadAllText(path).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"plotly\.js v(\d+\.\d+\.\d+)")]
    private static partial Regex VersionPattern();
}
