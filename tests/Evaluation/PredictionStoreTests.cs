using R1Omni.Data;
using R1Omni.Evaluation;

namespace R1Omni.Tests.Evaluation;

public class PredictionStoreTests
{
    static ManifestItem Item(int i) => new() { Id = $"dfew/{i:D5}", Video = $"/v/{i:D5}.mp4", Label = "sad", Source = "dfew" };

    static PredictionRecord Record(int i) =>
        PredictionRecord.For(Item(i), $"<think>t{i}</think>\n<answer>sad</answer>", 1.5, 3, new DateTime(2025, 3, 10, 8, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void RecordsRoundTripAndAreFlushedPerItem()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "predictions.jsonl");
        using (var store = PredictionStore.Open(path))
        {
            store.Append(Record(1));
            // Another reader sees the line before the store is closed.
            using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Assert.EndsWith("\n", new StreamReader(reader).ReadToEnd());
            store.Append(Record(2));
        }
        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"id":"dfew/00001","video":"/v/00001.mp4","source":"dfew","label":"sad","response":"<think>t1</think>\n<answer>sad</answer>","answer":"sad","seconds":0.5,"batch_seconds":1.5,"batch_size":3,"finished_at":"2025-03-10T08:00:00.000Z"}""", lines[0]);

        var back = PredictionStore.ReadAll(path);
        Assert.Equal([Record(1), Record(2)], back);
    }

    [Fact]
    public void ResumesAfterAKillThatTruncatedTheLastLine()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "predictions.jsonl");
        using (var store = PredictionStore.Open(path))
            for (int i = 1; i <= 3; i++) store.Append(Record(i));
        // Simulate a kill in the middle of writing item 4: half of its line reached the file.
        string full = File.ReadAllText(path);
        string other = Path.Combine(TestPaths.NewTempDir(), "p.jsonl");
        using (var store = PredictionStore.Open(other)) store.Append(Record(4));
        File.AppendAllText(path, File.ReadAllText(other)[..40]);

        var log = new StringWriter();
        using (var store = PredictionStore.Open(path, log))
        {
            Assert.Equal(["dfew/00001", "dfew/00002", "dfew/00003"], store.DoneIds.Order());
            Assert.Contains($"warning: {path}:4: incomplete last line", log.ToString());
            Assert.Equal(full, File.ReadAllText(path));   // the partial line is cut off
            store.Append(Record(4));
        }
        Assert.Equal(Enumerable.Range(1, 4).Select(Record), PredictionStore.ReadAll(path));
    }

    [Fact]
    public void CorruptLinesBeforeTheEndAndRepeatedIdsAreErrors()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "predictions.jsonl");
        File.WriteAllText(path, "{\"id\":\"a\",\"source\":\"dfew\",\"response\":\"x\"}\n{\"id\":\"b\",\"sour\n{\"id\":\"c\",\"source\":\"dfew\",\"response\":\"x\"}\n");
        Assert.StartsWith($"{path}:2: malformed JSON", Assert.Throws<R1OmniException>(() => PredictionStore.Open(path)).Message);

        File.WriteAllText(path, "{\"id\":\"a\",\"source\":\"dfew\",\"response\":\"x\"}\n{\"id\":\"a\",\"source\":\"dfew\",\"response\":\"y\"}\n");
        Assert.Equal($"{path}:2: a second prediction for 'a'", Assert.Throws<R1OmniException>(() => PredictionStore.ReadAll(path)).Message);

        File.WriteAllText(path, "{\"id\":\"a\",\"source\":\"dfew\"}\n");
        Assert.Contains("field 'response' is missing", Assert.Throws<R1OmniException>(() => PredictionStore.ReadAll(path)).Message);
    }

    [Fact]
    public void AppendingAnIdTwiceIsAnError()
    {
        using var store = PredictionStore.Open(Path.Combine(TestPaths.NewTempDir(), "p.jsonl"));
        store.Append(Record(1));
        Assert.Contains("already stored", Assert.Throws<R1OmniException>(() => store.Append(Record(1))).Message);
    }
}
