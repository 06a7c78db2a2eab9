using System.Text;
using System.Text.Json;
using R1Omni.Json;
using R1Omni.Tokenizers;

namespace R1Omni.Prompts;

/// <summary>
/// Renders conversations exactly as HF's <c>apply_chat_template(..., tokenize=False)</c> does with the Qwen2.5-Instruct
/// or the Qwen2-VL-Instruct Jinja template (from their <c>tokenizer_config.json</c>), without a Jinja engine. A
/// checkpoint's template is recognised from its text (<see cref="Detect"/>); an explicit <see cref="ChatTemplateKind"/>
/// bypasses that.
/// </summary>
/// <remarks>
/// Not rendered: Qwen2.5's tool-calling branches (<c>tools</c>, assistant <c>tool_calls</c>, role "tool") and
/// Qwen2-VL's <c>add_vision_id</c> numbering ("Picture 1: "), which R1-Omni does not use.
/// </remarks>
public sealed class ChatTemplate
{
    public const string Qwen2_5DefaultSystem = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";
    public const string Qwen2VLDefaultSystem = "You are a helpful assistant.";

    const string VisionImage = "<|vision_start|><|image_pad|><|vision_end|>";
    const string VisionVideo = "<|vision_start|><|video_pad|><|vision_end|>";

    // Fragments of the published template texts that fix the output this class reproduces: the default system
    // block, the per-message line and the generation prompt. Qwen2.5 writes "\n" inside Jinja string literals
    // (a backslash and n); Qwen2-VL has real line breaks in its template text.
    static readonly IReadOnlyDictionary<ChatTemplateKind, string[]> Signatures = new Dictionary<ChatTemplateKind, string[]>
    {
        [ChatTemplateKind.Qwen2_5] =
        [
            @"'<|im_start|>system\n" + Qwen2_5DefaultSystem + @"<|im_end|>\n'",
            @"'<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n'",
            @"{%- if add_generation_prompt %}",
            @"'<|im_start|>assistant\n'",
        ],
        [ChatTemplateKind.Qwen2VL] =
        [
            "{% if loop.first and message['role'] != 'system' %}<|im_start|>system\n" + Qwen2VLDefaultSystem + "<|im_end|>\n{% endif %}",
            "<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}{{ message['content'] }}<|im_end|>\n",
            VisionImage, VisionVideo, "{% elif 'text' in content %}{{ content['text'] }}",
            "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}",
        ],
    };

    ChatTemplate(ChatTemplateKind kind) => Kind = kind;

    public ChatTemplateKind Kind { get; }

    /// <summary>The system text the template inserts when the first message is not a system message.</summary>
    public string DefaultSystem => Kind == ChatTemplateKind.Qwen2_5 ? Qwen2_5DefaultSystem : Qwen2VLDefaultSystem;

    /// <summary>The Jinja text of a supported template, as tokenizer_config.json carries it (data/tokenizers/qwen2/chat_templates/).</summary>
    public static string Source(ChatTemplateKind kind) => File.ReadAllText(Path.Combine(Runtime.AppPaths.DataDir, "tokenizers", "qwen2", "chat_templates",
        kind switch
        {
            ChatTemplateKind.Qwen2_5 => "qwen2_5_instruct.jinja",
            ChatTemplateKind.Qwen2VL => "qwen2_vl_instruct.jinja",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown chat template kind"),
        }));

    public static ChatTemplate For(ChatTemplateKind kind) => Enum.IsDefined(kind)
        ? new ChatTemplate(kind)
        : throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown chat template kind");

    /// <summary>
    /// The template of a checkpoint folder: <paramref name="overrideKind"/> if given; otherwise detected from
    /// `chat_template` in tokenizer_config.json (what <c>tokenizer.apply_chat_template</c> uses at inference) or,
    /// failing that, in chat_template.json (a processor's file).
    /// </summary>
    public static ChatTemplate FromCheckpoint(string folder, ChatTemplateKind? overrideKind = null)
    {
        if (overrideKind is { } kind) return For(kind);
        foreach (string name in new[] { "tokenizer_config.json", "chat_template.json" })
        {
            string path = Path.Combine(folder, name);
            if (!File.Exists(path)) continue;
            if (ReadChatTemplate(path) is { } text) return new ChatTemplate(Detect(text, path));
        }
        throw new R1OmniException($"{folder}: no chat template found (expected a 'chat_template' key in tokenizer_config.json or chat_template.json); " +
            $"pass a template kind ({SupportedList()}) to choose one explicitly");
    }

    /// <summary>Which supported template <paramref name="templateText"/> is; <paramref name="sourceFile"/> is named in the error otherwise.</summary>
    public static ChatTemplateKind Detect(string templateText, string sourceFile)
    {
        var matches = Signatures.Where(s => s.Value.All(fragment => templateText.Contains(fragment, StringComparison.Ordinal)))
            .Select(s => s.Key).ToList();
        return matches.Count == 1 ? matches[0]
            : throw new R1OmniException($"{sourceFile}: 'chat_template' is {(matches.Count == 0 ? "none" : "more than one")} of the supported templates " +
                $"({SupportedList()}); pass a template kind explicitly to bypass detection");
    }

    /// <summary>The prompt text for <paramref name="messages"/>, ending with "&lt;|im_start|&gt;assistant\n" when <paramref name="addGenerationPrompt"/>.</summary>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var sb = new StringBuilder();
        if (Kind == ChatTemplateKind.Qwen2_5) RenderQwen2_5(messages, sb);
        else RenderQwen2VL(messages, sb);
        if (addGenerationPrompt) sb.Append("<|im_start|>assistant\n");
        return sb.ToString();
    }

    static void RenderQwen2_5(IReadOnlyList<ChatMessage> messages, StringBuilder sb)
    {
        if (messages.Count == 0) throw new ArgumentException("the Qwen2.5 template needs at least one message", nameof(messages));
        bool firstIsSystem = messages[0].Role == "system";
        sb.Append("<|im_start|>system\n").Append(firstIsSystem ? StringContent(messages[0]) : Qwen2_5DefaultSystem).Append("<|im_end|>\n");
        for (int i = firstIsSystem ? 1 : 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m.Role is not ("system" or "user" or "assistant"))
                throw new R1OmniException($"chat message {i} has role \"{m.Role}\"; the Qwen2.5 template is rendered for system, user and assistant only (tool calling is not supported)");
            sb.Append("<|im_start|>").Append(m.Role).Append('\n').Append(StringContent(m)).Append("<|im_end|>\n");
        }
    }

    static void RenderQwen2VL(IReadOnlyList<ChatMessage> messages, StringBuilder sb)
    {
        for (int i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (i == 0 && m.Role != "system") sb.Append("<|im_start|>system\n").Append(Qwen2VLDefaultSystem).Append("<|im_end|>\n");
            sb.Append("<|im_start|>").Append(m.Role).Append('\n');
            if (m.Items is null) sb.Append(m.Content);
            else
                foreach (var item in m.Items)
                    sb.Append(item.Type switch
                    {
                        ChatContentType.Image => VisionImage,
                        ChatContentType.Video => VisionVideo,
                        _ => item.Text,
                    });
            sb.Append("<|im_end|>\n");
        }
    }

    static string StringContent(ChatMessage m) => m.Content
        ?? throw new R1OmniException($"a \"{m.Role}\" message has list content; the Qwen2.5 template takes string content only (use the Qwen2-VL template for image/video items)");

    static string? ReadChatTemplate(string path)
    {
        using var doc = JsonFile.Parse(path);
        return TokenizerConfig.ReadChatTemplate(
            JsonFields.Expect(doc.RootElement, JsonValueKind.Object, path, what: "a JSON object at the top level"), path);
    }

    static string SupportedList() =>
        $"{ChatTemplateKind.Qwen2_5} = Qwen2.5-Instruct, default system \"{Qwen2_5DefaultSystem}\"; " +
        $"{ChatTemplateKind.Qwen2VL} = Qwen2-VL-Instruct, default system \"{Qwen2VLDefaultSystem}\" and {VisionVideo} for video items";
}
