using R1Omni.Data;

namespace R1Omni.Tests.Data;

public class ManifestJsonlTests
{
    static ManifestItem Full(string root) => new()
    {
        Id = "cold/0001",
        Video = Path.Combine(root, "clips", "0001.mp4"),
        Label = "angry",
        Source = "emer",
        Conversations = [new("human", "<video>\n<audio>\nQ \"quoted\" 情绪"), new("gpt", "<think>…</think>\n<answer>angry</answer>")],
        Problem = "P",
        Solution = "<answer> angry </answer>",
        Meta = new Dictionary<string, string> { ["fold"] = "1", ["note"] = "tab\there" },
    };

    [Fact]
    public void RoundTripsEveryField()
    {
        string root = TestPaths.NewTempDir();
        var outside = new ManifestItem { Id = "x", Video = "/elsewhere/x.mp4", Source = "dfew" };
        var manifest = new Manifest("mixed", root, [Full(root), outside]);
        string path = Path.Combine(root, "m.jsonl");
        ManifestJsonl.Write(manifest, path);

        var back = ManifestJsonl.Read(path);
        Assert.Equal("mixed", back.Name);
        Assert.Equal(root, back.Root);
        Assert.Equal(2, back.Count);
        var a = back.Items[0];
        var e = Full(root);
        Assert.Equal((e.Id, e.Video, e.Label, e.Source, e.Problem, e.Solution), (a.Id, a.Video, a.Label, a.Source, a.Problem, a.Solution));
        Assert.Equal(e.Conversations, a.Conversations);
        Assert.Equal(e.Meta, a.Meta);
        Assert.Equal(outside, back.Items[1] with { Meta = outside.Meta });
        Assert.Empty(back.Items[1].Meta);
        Assert.Null(back.Items[1].Conversations);

        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal($$"""{"format":"r1omni-manifest","version":1,"name":"mixed","root":"{{root}}"}""", lines[0]);
        Assert.StartsWith("""{"id":"cold/0001","video":"clips/0001.mp4","label":"angry","source":"emer",""", lines[1]);
        Assert.Contains("情绪", lines[1]);
        Assert.Equal("""{"id":"x","video":"/elsewhere/x.mp4","source":"dfew"}""", lines[2]);
    }

    [Fact]
    public void RelativeVideosFollowAMovedRoot()
    {
        string root = TestPaths.NewTempDir();
        string path = Path.Combine(TestPaths.NewTempDir(), "m.jsonl");
        ManifestJsonl.Write(new Manifest("m", root, [Full(root)]), path);

        string moved = TestPaths.NewTempDir();
        var back = ManifestJsonl.Read(path, moved);
        Assert.Equal(moved, back.Root);
        Assert.Equal(Path.Combine(moved, "clips", "0001.mp4"), back.Items[0].Video);
    }

    [Fact]
    public void RelativeHeaderRootIsTakenFromTheManifestFolder()
    {
        string dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir, "lists", "m.jsonl");
        DatasetTrees.WriteText(path, """
            {"format":"r1omni-manifest","version":1,"name":"m","root":"../videos"}
            {"id":"a","video":"a.mp4","source":"dfew","label":"sad"}
            """);
        var m = ManifestJsonl.Read(path);
        Assert.Equal(Path.Combine(dir, "videos"), m.Root);
        Assert.Equal(Path.Combine(dir, "videos", "a.mp4"), m.Items[0].Video);
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"video\":\"a.mp4\",\"source\":\"dfew\"}\n", 1, "not a workbench manifest")]
    [InlineData("{\"format\":\"r1omni-manifest\",\"version\":2,\"name\":\"m\"}\n", 1, "unsupported manifest version")]
    [InlineData("{\"format\":\"r1omni-manifest\",\"version\":1,\"name\":\"m\"}\n{\"id\":\"a\",\"video\":\"a.mp4\",\"source\":\"dfew\"}\n{\"id\":\"b\",\"source\":\"dfew\"}\n", 3, "field 'video' is missing")]
    [InlineData("{\"format\":\"r1omni-manifest\",\"version\":1,\"name\":\"m\"}\n\n{\"id\":\"a\",\"video\":\"a.mp4\",\"source\":\"dfew\",\"label\":3}\n", 3, "field 'label' must be a string, found a number 3")]
    [InlineData("{\"format\":\"r1omni-manifest\",\"version\":1,\"name\":\"m\"}\n{\"id\":\"a\",\"video\":\"a.mp4\",\"source\":\"dfew\",\"meta\":{\"fold\":1}}\n", 2, "field 'meta.fold' must be a string, found a number 1")]
    [InlineData("{\"format\":\"r1omni-manifest\",\"version\":1,\"name\":\"m\"}\n{\"id\":\"a\",\"video\":\n", 2, "malformed JSON")]
    [InlineData("{\"format\":\"r1omni-manifest\",\"version\":1,\"name\":\"m\"}\n{\"id\":\"a\",\"video\":\"../../etc/passwd\",\"source\":\"dfew\"}\n", 2, "video '../../etc/passwd' leaves the manifest's root")]
    [InlineData("{\"format\":\"r1omni-manifest\",\"version\":1,\"name\":\"m\"}\n{\"id\":\"a\",\"video\":\"clips/../../b.mp4\",\"source\":\"dfew\"}\n", 2, "leaves the manifest's root")]
    public void ErrorsNameTheFileAndLine(string text, int line, string expected)
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "bad.jsonl");
        File.WriteAllText(path, text);
        var e = Assert.Throws<R1OmniException>(() => ManifestJsonl.Read(path));
        Assert.StartsWith($"{path}:{line}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MissingAndEmptyFilesAreErrors()
    {
        string dir = TestPaths.NewTempDir();
        Assert.Contains("file not found", Assert.Throws<R1OmniException>(() => ManifestJsonl.Read(Path.Combine(dir, "none.jsonl"))).Message);
        string empty = Path.Combine(dir, "empty.jsonl");
        File.WriteAllText(empty, "\n");
        Assert.Contains("empty file", Assert.Throws<R1OmniException>(() => ManifestJsonl.Read(empty)).Message);
    }

    [Fact]
    public void AbsoluteVideosAndPathsInsideTheRootAreKept()
    {
        string dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir, "m.jsonl");
        DatasetTrees.WriteText(path, """
            {"format":"r1omni-manifest","version":1,"name":"m"}
            {"id":"a","video":"/data/elsewhere/a.mp4","source":"dfew"}
            {"id":"b","video":"clips/../b.mp4","source":"dfew"}
            """);
        var m = ManifestJsonl.Read(path);
        Assert.Equal("/data/elsewhere/a.mp4", m.Items[0].Video);
        Assert.Equal(Path.Combine(dir, "b.mp4"), m.Items[1].Video);
    }
}
