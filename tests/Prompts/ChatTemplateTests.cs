using System.Text.Json;
using System.Text.Json.Nodes;
using R1Omni.Prompts;

namespace R1Omni.Tests.Prompts;

public class ChatTemplateTests
{
    static string TemplateText(string name) => File.ReadAllText(TestPaths.Data("tokenizers", "qwen2", "chat_templates", $"{name}_instruct.jinja"));

    static string CheckpointWith(string fileName, string? templateText)
    {
        string dir = TestPaths.NewTempDir();
        var json = new JsonObject { ["model_max_length"] = 32768 };
        if (templateText is not null) json["chat_template"] = templateText;
        File.WriteAllText(Path.Combine(dir, fileName), json.ToJsonString());
        return dir;
    }

    static readonly JsonElement[] Rendered = ReadRendered();

    static JsonElement[] ReadRendered()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("chat_templates", "rendered.json")));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public static TheoryData<int> RenderedCases => new(Enumerable.Range(0, Rendered.Length));

    /// <summary>Every conversation of rendered.json, which Jinja2 rendered from the real template texts.</summary>
    [Theory]
    [MemberData(nameof(RenderedCases))]
    public void RendersLikeJinjaWithTheRealTemplate(int index)
    {
        var c = Rendered[index];
        var kind = c.GetProperty("template").GetString() == "qwen2_5" ? ChatTemplateKind.Qwen2_5 : ChatTemplateKind.Qwen2VL;
        var messages = c.GetProperty("messages").EnumerateArray().Select(ToMessage).ToList();
        string rendered = ChatTemplate.For(kind).Render(messages, c.GetProperty("add_generation_prompt").GetBoolean());
        Assert.Equal(c.GetProperty("expected").GetString(), rendered);
    }

    static ChatMessage ToMessage(JsonElement m)
    {
        string role = m.GetProperty("role").GetString()!;
        var content = m.GetProperty("content");
        if (content.ValueKind == JsonValueKind.String) return new ChatMessage(role, content.GetString()!);
        return new ChatMessage(role, content.EnumerateArray().Select(item => item.GetProperty("type").GetString() switch
        {
            "video" => ChatContentItem.Video,
            "image" => ChatContentItem.Image,
            _ => ChatContentItem.OfText(item.GetProperty("text").GetString()!),
        }).ToList());
    }

    [Fact]
    public void DetectsTheRealTemplatesFromCheckpointFiles()
    {
        Assert.Equal(ChatTemplateKind.Qwen2_5, ChatTemplate.FromCheckpoint(CheckpointWith("tokenizer_config.json", TemplateText("qwen2_5"))).Kind);
        Assert.Equal(ChatTemplateKind.Qwen2VL, ChatTemplate.FromCheckpoint(CheckpointWith("chat_template.json", TemplateText("qwen2_vl"))).Kind);
        Assert.Equal(ChatTemplateKind.Qwen2VL, ChatTemplate.FromCheckpoint(CheckpointWith("tokenizer_config.json", TemplateText("qwen2_vl"))).Kind);
    }

    [Fact]
    public void TokenizerConfigTemplateWinsOverChatTemplateJson()
    {
        string dir = CheckpointWith("tokenizer_config.json", TemplateText("qwen2_5"));
        File.WriteAllText(Path.Combine(dir, "chat_template.json"), new JsonObject { ["chat_template"] = TemplateText("qwen2_vl") }.ToJsonString());
        Assert.Equal(ChatTemplateKind.Qwen2_5, ChatTemplate.FromCheckpoint(dir).Kind);
        // A tokenizer_config.json without a template defers to chat_template.json.
        string dir2 = CheckpointWith("tokenizer_config.json", null);
        File.WriteAllText(Path.Combine(dir2, "chat_template.json"), new JsonObject { ["chat_template"] = TemplateText("qwen2_vl") }.ToJsonString());
        Assert.Equal(ChatTemplateKind.Qwen2VL, ChatTemplate.FromCheckpoint(dir2).Kind);
    }

    [Fact]
    public void UnknownTemplateNamesTheFileAndListsTheSupportedOnes()
    {
        // Qwen3's tokenizer_config.json: a real Qwen template that is neither of the two.
        string dir = TestPaths.NewTempDir();
        string config = Path.Combine(dir, "tokenizer_config.json");
        File.Copy(TestPaths.Fixture("qwen2_tokenizer", "qwen3", "tokenizer_config.json"), config);
        var e = Assert.Throws<R1OmniException>(() => ChatTemplate.FromCheckpoint(dir));
        Assert.Contains(config, e.Message);
        Assert.Contains("Qwen2_5 = Qwen2.5-Instruct", e.Message);
        Assert.Contains("Qwen2VL = Qwen2-VL-Instruct", e.Message);
        // An explicit kind bypasses detection.
        Assert.Equal(ChatTemplateKind.Qwen2_5, ChatTemplate.FromCheckpoint(dir, ChatTemplateKind.Qwen2_5).Kind);
    }

    [Fact]
    public void CosmeticallyDifferentQwen2TemplateIsNotAccepted()
    {
        // Qwen2-Instruct's template has the Qwen2-VL system text but no vision handling: rendering it as Qwen2-VL would be a guess.
        const string qwen2 = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
        Assert.Throws<R1OmniException>(() => ChatTemplate.Detect(qwen2, "tokenizer_config.json"));
        var both = TemplateText("qwen2_5") + TemplateText("qwen2_vl");
        Assert.Contains("more than one", Assert.Throws<R1OmniException>(() => ChatTemplate.Detect(both, "x.json")).Message);
    }

    [Fact]
    public void FolderWithoutATemplateIsAnError()
    {
        string dir = CheckpointWith("tokenizer_config.json", null);
        var e = Assert.Throws<R1OmniException>(() => ChatTemplate.FromCheckpoint(dir));
        Assert.Contains("no chat template found", e.Message);
        Assert.Contains(dir, e.Message);
    }

    [Fact]
    public void UnsupportedQwen25InputsAreClearErrors()
    {
        var q25 = ChatTemplate.For(ChatTemplateKind.Qwen2_5);
        Assert.Contains("tool calling is not supported",
            Assert.Throws<R1OmniException>(() => q25.Render([ChatMessage.User("a"), new ChatMessage("tool", "{}")], true)).Message);
        Assert.Contains("string content only",
            Assert.Throws<R1OmniException>(() => q25.Render([ChatMessage.User(ChatContentItem.Video)], true)).Message);
    }

    [Fact]
    public void DefaultSystemTextsAreTheTemplates()
    {
        Assert.Equal("You are Qwen, created by Alibaba Cloud. You are a helpful assistant.", ChatTemplate.For(ChatTemplateKind.Qwen2_5).DefaultSystem);
        Assert.Equal("You are a helpful assistant.", ChatTemplate.For(ChatTemplateKind.Qwen2VL).DefaultSystem);
    }
}
