using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Prompts;

namespace R1Omni.Tests.Data;

public class ConversationJsonTests
{
    const string Question = "<video>\\n<audio>\\nAs an emotional recognition expert; throughout the video, which emotion conveyed by the characters is the most obvious to you?  Output the thinking process in <think> </think> and final emotion in <answer> </answer> tags.";

    static string Write(string text, string name = "data.json")
    {
        string path = Path.Combine(TestPaths.NewTempDir(), name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadsColdStartSftAndEvalItems()
    {
        string json = Write($$"""
            [
              {"video": "cold/0001.mp4",
               "conversations": [{"from": "human", "value": "{{Question}}"},
                                 {"from": "gpt", "value": "<think>The brows are lowered and the voice is loud.</think>\n<answer>angry</answer>"}]},
              {"video": "MAFW/data/clips/00025.mp4", "conversations": [{"from": "human", "value": "<video>\n<audio>\nQ"}, {"from": "gpt", "value": "sad"}]},
              {"video": "/abs/DFEW/00001.mp4", "clip_meta_path": "/meta/00001.json",
               "conversations": [{"from": "human", "value": "<video>\nQ"}, {"from": "gpt", "value": " happy\n"}]}
            ]
            """);
        string folder = TestPaths.NewTempDir();
        var m = ConversationJson.Read(json, folder);

        Assert.Equal("data", m.Name);
        Assert.Equal(["cold/0001.mp4", "MAFW/data/clips/00025.mp4", "/abs/DFEW/00001.mp4"], m.Items.Select(i => i.Id));
        Assert.Equal([Path.Combine(folder, "cold", "0001.mp4"), Path.Combine(folder, "MAFW", "data", "clips", "00025.mp4"), "/abs/DFEW/00001.mp4"],
                     m.Items.Select(i => i.Video));
        Assert.Equal(["angry", "sad", "happy"], m.Items.Select(i => i.Label));
        Assert.Equal(["dfew", "mafw", "dfew"], m.Items.Select(i => i.Source));
        Assert.Equal(ConversationTurn.Human, m.Items[0].Conversations![0].From);
        Assert.Equal("<think>The brows are lowered and the voice is loud.</think>\n<answer>angry</answer>", m.Items[0].Conversations![1].Value);
        Assert.Equal("/meta/00001.json", m.Items[2].Meta["clip_meta_path"]);
        Assert.All(m.Items, i => Assert.Null(i.Problem));
    }

    [Fact]
    public void RlvrItemsGetTheFixedProblemAndAnAnswerTaggedSolution()
    {
        string json = Write("""[{"video": "a.mp4", "id": 17, "source": "mafw", "conversations": [{"from": "human", "value": "ignored"}, {"from": "gpt", "value": "disappointed"}]}]""");
        var item = ConversationJson.Read(json, "/data", rlvr: true).Items.Single();

        Assert.Equal("17", item.Id);
        Assert.Equal("mafw", item.Source);
        Assert.Equal(R1OmniPrompts.GrpoProblem, item.Problem);
        Assert.Equal("<answer> disappointed </answer>", item.Solution);
        // The accuracy reward's ground truth: the first <answer> group, stripped.
        Assert.Equal("disappointed", AnswerTag.Answer(item.Solution!));
    }

    [Fact]
    public void ReadsJsonlAndAnExplicitSource()
    {
        string jsonl = Write("""
            {"video": "x/1.mp4", "conversations": [{"from": "human", "value": "q"}, {"from": "gpt", "value": "calm"}]}

            {"video": "x/2.mp4", "conversations": [{"from": "human", "value": "q"}, {"from": "gpt", "value": "fear"}]}
            """, "ravdess.jsonl");
        var m = ConversationJson.Read(jsonl, "/r", source: "ravdess");
        Assert.Equal(["calm", "fear"], m.Items.Select(i => i.Label));
        Assert.All(m.Items, i => Assert.Equal("ravdess", i.Source));
    }

    [Theory]
    [InlineData("[\n  {\"video\": \"a.mp4\", \"conversations\": [{\"from\": \"human\", \"value\": \"q\"}, {\"from\": \"gpt\", \"value\": \"sad\"}]},\n  {\"video\": \"b.mp4\"}\n]", 3, "field 'conversations' is missing (expected a list [{\"from\":\"human\",")]
    [InlineData("[\n  {\"video\": \"a.mp4\",\n   \"conversations\": [{\"from\": \"gpt\", \"value\": \"q\"}, {\"from\": \"human\", \"value\": \"sad\"}]}\n]", 2, "conversations[0].from is 'gpt', expected 'human'")]
    [InlineData("[\n\n  {\"conversations\": []}\n]", 3, "field 'video' is missing")]
    [InlineData("[\n  {\"video\": \"a.mp4\", \"conversations\": [{\"from\": \"human\", \"value\": \"q\"}]}\n]", 2, "has 1 turn(s)")]
    [InlineData("[\n  {\"video\": \"a.mp4\", \"conversations\": [{\"from\": \"human\", \"value\": 3}, {\"from\": \"gpt\", \"value\": \"x\"}]}\n]", 2, "field 'conversations[0].value' must be a string, found a number 3")]
    [InlineData("[\n  {\"video\": \"a.mp4\",\n  \"conversations\": [,]}\n]", 3, "malformed JSON")]
    [InlineData("{\"video\": \"a.mp4\", \"conversations\": []}\n", 1, "has 0 turn(s)")]
    [InlineData("{\"video\": \"a.mp4\", \"conversations\": []}\n{\"video\": ", 2, "malformed JSON")]
    [InlineData("[\"a.mp4\"]", 1, "expected an item object")]
    public void ErrorsNameTheFileAndLine(string text, int line, string expected)
    {
        string path = Write(text);
        var e = Assert.Throws<R1OmniException>(() => ConversationJson.Read(path, "/data"));
        Assert.StartsWith($"{path}:{line}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
