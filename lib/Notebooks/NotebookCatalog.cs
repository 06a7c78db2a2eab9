using System.Text.RegularExpressions;
using R1Omni.Runtime;

namespace R1Omni.Notebooks;

/// <summary>The numbered notebooks in <c>notebooks/</c> (<c>NN-name.ipynb</c>), found by number, name or path.</summary>
public static partial class NotebookCatalog
{
    public static string Folder => Path.Combine(AppPaths.RepoRoot, "notebooks");

    /// <summary>Every numbered notebook in <paramref name="folder"/>, in number order.</summary>
    public static IReadOnlyList<string> All(string? folder = null) =>
        Directory.Exists(folder ?? Folder)
            ? Directory.EnumerateFiles(folder ?? Folder, "*.ipynb").Where(f => Numbered().IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// The notebooks <paramref name="names"/> refer to (all numbered ones when empty): a path to an existing file, a
    /// file name with or without ".ipynb" ("01-data"), or a number ("01").
    /// </summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> names, string? folder = null)
    {
        var all = All(folder);
        if (names.Count == 0)
            return all.Count > 0 ? all : throw new R1OmniException($"no numbered notebooks (NN-name.ipynb) in {folder ?? Folder}");
        return names.Select(name =>
        {
            if (File.Exists(name)) return Path.GetFullPath(name);
            string stem = name.EndsWith(".ipynb", StringComparison.Ordinal) ? name[..^6] : name;
            var match = all.Where(f => Path.GetFileNameWithoutExtension(f) == stem || Path.GetFileName(f).StartsWith(stem + "-", StringComparison.Ordinal)).ToList();
            return match.Count == 1 ? match[0]
                : throw new R1OmniException($"notebook '{name}': {(match.Count == 0 ? "not found" : "ambiguous")}; expected a path, a number or a name of " +
                                            string.Join(", ", all.Select(Path.GetFileNameWithoutExtension)));
        }).ToList();
    }

    [GeneratedRegex(@"^\d\d-.+\.ipynb$")]
    private static partial Regex Numbered();
}
