using System.Text.RegularExpressions;
using R1Omni.Data;

namespace R1Omni.Tests.Data;

/// <summary>The label files under data/labels/ against the dataset descriptions in
/// tests/fixtures/spec/label_sets_9_3.md (classes, R1-Omni strings, official → R1-Omni mappings), and loading
/// errors.</summary>
public class LabelMapTests
{
    static readonly string Spec = Regex.Replace(File.ReadAllText(TestPaths.Fixture("spec", "label_sets_9_3.md")), @"\s+", " ");

    static string Bullet(string dataset)
    {
        int start = Spec.IndexOf($"- **{dataset}**", StringComparison.Ordinal);
        Assert.True(start >= 0, $"spec text has no {dataset} bullet");
        int end = Spec.IndexOf("- **", start + 4, StringComparison.Ordinal);
        return end < 0 ? Spec[start..] : Spec[start..end];
    }

    static string Capture(string text, string pattern)
    {
        var m = Regex.Match(text, pattern);
        Assert.True(m.Success, $"spec text does not match {pattern}");
        return m.Groups[1].Value;
    }

    static List<string> CommaList(string text) => text.Split(',').Select(s => s.Trim()).ToList();

    static Dictionary<string, string> Arrows(string text) =>
        Regex.Matches(text, @"(\w+)→(\w+)").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [Fact]
    public void DfewMatchesSpec()
    {
        string dfew = Bullet("DFEW");
        var numbered = Regex.Matches(dfew, @"(\w+)\((\d)\)").Select(m => (Key: m.Groups[2].Value, Name: m.Groups[1].Value)).ToList();
        var strings = CommaList(Capture(dfew, "R1-Omni's label strings: `([^`]*)`"));
        Assert.Equal(7, numbered.Count);

        var map = LabelMap.BuiltIn("dfew");
        Assert.Equal(strings, map.Labels);
        Assert.Equal(numbered.Select(n => new LabelClass(n.Key, n.Name, n.Name)), map.Classes);
    }

    [Fact]
    public void MafwMatchesSpec()
    {
        string mafw = Bullet("MAFW");
        var official = CommaList(Capture(mafw, @"The official words are ([^.]*)\."));
        var strings = CommaList(Capture(mafw, @"R1-Omni's strings \([^)]*\) are `([^`]*)`"));
        var mapping = Arrows(Capture(mafw, "The mapping official → R1-Omni is ([^;]*); the rest are unchanged"));
        Assert.Equal(11, official.Count);
        Assert.Equal(7, mapping.Count);

        var map = LabelMap.BuiltIn("mafw");
        Assert.Equal(strings, map.Labels);
        Assert.Equal(official.Select(w => new LabelClass(w, w, mapping.GetValueOrDefault(w, w))), map.Classes);
    }

    [Fact]
    public void RavdessMatchesSpec()
    {
        string ravdess = Bullet("RAVDESS");
        var codes = Regex.Matches(Capture(ravdess, "- emotion: (.*?) - intensity"), @"(\d\d) (\w+)")
            .Select(m => (Key: m.Groups[1].Value, Name: m.Groups[2].Value)).ToList();
        var mapping = Regex.Matches(ravdess, @"`(\w+)→(\w+)`").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(8, codes.Count);
        Assert.Equal(new Dictionary<string, string> { ["fearful"] = "fear", ["surprised"] = "surprise" }, mapping);

        var map = LabelMap.BuiltIn("ravdess");
        var expected = codes.Select(c => new LabelClass(c.Key, c.Name, mapping.GetValueOrDefault(c.Name, c.Name))).ToList();
        Assert.Equal(expected, map.Classes);
        Assert.Equal(expected.Select(c => c.Label), map.Labels);
    }

    [Fact]
    public void LoadAcceptsBuiltInNamesAndFiles()
    {
        Assert.Equal("mafw", LabelMap.Load("mafw").Name);
        string file = Path.Combine(TestPaths.NewTempDir(), "mine.json");
        File.WriteAllText(file, """{"dataset":"mine","labels":["a","b"],"classes":[{"key":"x","name":"ex","label":"a"}]}""");
        var map = LabelMap.Load(file);
        Assert.Equal(["a", "b"], map.Labels);
        Assert.Equal("a", map.ClassForKey("x", "here").Label);
        Assert.True(map.Contains("b"));
        Assert.False(map.Contains("A"));
    }

    [Theory]
    [InlineData("""{"dataset":"d","labels":["a"],"classes":[{"key":"1","name":"n","label":"b"}]}""", "classes[0]: label 'b' is not in 'labels'")]
    [InlineData("""{"dataset":"d","labels":["a","a"],"classes":[]}""", "label 'a' is listed twice")]
    [InlineData("""{"dataset":"d","labels":["a"],"classes":[{"key":"1","name":"n","label":"a"},{"key":"1","name":"m","label":"a"}]}""", "classes[1]: key '1' is listed twice")]
    [InlineData("""{"dataset":"d","labels":["a"],"classes":[{"key":"1","label":"a"}]}""", "field 'classes[0].name' is missing (expected a string)")]
    [InlineData("""{"dataset":"d","labels":"a","classes":[]}""", "field 'labels' must be a list of label strings, found a string \"a\"")]
    [InlineData("""{"dataset":"d", "labels":[}""", "malformed JSON at line 1")]
    public void BadFilesNameTheFileAndField(string json, string expected)
    {
        string file = Path.Combine(TestPaths.NewTempDir(), "bad.json");
        File.WriteAllText(file, json);
        var e = Assert.Throws<R1OmniException>(() => LabelMap.Read(file));
        Assert.Contains(file, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void UnknownNamesAndKeysAreErrors()
    {
        Assert.Contains("neither a built-in name", Assert.Throws<R1OmniException>(() => LabelMap.Load("affectnet")).Message);
        var e = Assert.Throws<R1OmniException>(() => LabelMap.BuiltIn("dfew").ClassForKey("0", "set_1.csv:3"));
        Assert.Equal("set_1.csv:3: unknown dfew label '0' (expected one of 1, 2, 3, 4, 5, 6, 7)", e.Message);
    }
}
