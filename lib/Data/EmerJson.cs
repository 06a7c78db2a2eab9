using System.Text.Json;
using R1Omni.Json;
using R1Omni.Prompts;

namespace R1Omni.Data;

/// <summary>
/// EMER / OV-MERD style annotations in a minimal form (see data/README.md): a JSON list (or JSONL) of <c>{"id",
/// "video"?, "description"?, "label"?}</c>. <c>video</c> defaults to <c>{id}.mp4</c> and is relative to the root;
/// <c>label</c> is one string. An item with both a description and a label also gets the cold-start conversation
/// R1-Omni's README shows: the demo question and
/// <c>&lt;think&gt;description&lt;/think&gt;\n&lt;answer&gt;label&lt;/answer&gt;</c>.
/// </summary>
public static class EmerJson
{
    public static Manifest Read(string path, string root, string source = "emer", string? name = null)
    {
        var items = JsonRecords.Read(path).Select(r =>
        {
            string where = r.Where(path);
            JsonFields.Expect(r.Value, JsonValueKind.Object, where, what: "an item object {\"id\", \"video\", \"description\", \"label\"}");
            string id = JsonFields.OptionalId(r.Value, "id", where) ?? throw JsonFields.Missing(where, "id", "a string or an integer id");
            string video = JsonFields.OptionalString(r.Value, "video", where, what: "a video path") ?? id + ".mp4";
            string? description = JsonFields.OptionalString(r.Value, "description", where);
            string? label = JsonFields.OptionalString(r.Value, "label", where, what: "one label string");
            var meta = new Dictionary<string, string>();
            if (description is not null) meta["description"] = description;
            return new ManifestItem
            {
                Id = $"{source}/{id}",
                Video = Path.GetFullPath(Path.Combine(root, video)),
                Label = label,
                Source = source,
                Conversations = description is null || label is null ? null : ColdStart(description, label),
                Meta = meta,
            };
        }).ToList();
        return new Manifest(name ?? Path.GetFileNameWithoutExtension(path), root, items);
    }

    /// <summary>A cold-start SFT conversation: question "&lt;video&gt;\n&lt;audio&gt;\n" + the README demo instruct.</summary>
    public static IReadOnlyList<ConversationTurn> ColdStart(string description, string label) =>
    [
        new(ConversationTurn.Human, R1OmniPrompts.InferenceUserContent(R1OmniPrompts.DemoInstruct)),
        new(ConversationTurn.Gpt, $"<think>{description}</think>\n<answer>{label}</answer>"),
    ];
}
