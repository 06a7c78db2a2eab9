using System.Text.Json;
using R1Omni.Evaluation;
using R1Omni.Json;
using R1Omni.Prompts;

namespace R1Omni.Data;

/// <summary>
/// The R1-Omni training/evaluation JSON (read by <c>humanomni/train_humanomni.py</c>, by <c>load_video_dataset</c> in
/// <c>grpo.py</c> and by <c>humanomni/eval/eval_mafw_dfew.py</c>): a list (or JSONL) of <c>{"video": path,
/// "conversations": [{"from":"human","value":…}, {"from":"gpt","value":…}], …}</c>, where the video path is joined to
/// <c>--data_folder</c> as Python's <c>os.path.join</c> does (an absolute path wins).
/// </summary>
public static class ConversationJson
{
    static readonly HashSet<string> KnownFields = ["id", "video", "conversations", "source"];

    /// <summary>
    /// Reads the file into a manifest. The label is the gpt answer read like the accuracy reward reads it: the first
    /// <c>&lt;answer&gt;</c> group stripped (cold start:
    /// <c>&lt;think&gt;…&lt;/think&gt;\n&lt;answer&gt;label&lt;/answer&gt;</c>), else the stripped value
    /// (MAFW-DFEW-SFT's bare labels). The id is the item's <c>id</c> or its <c>video</c> value as written.
    /// <paramref name="source"/> null applies the evaluation script's rule per item: "mafw" when the video path
    /// contains "MAFW", else "dfew"; an item's own <c>source</c> field wins. With <paramref name="rlvr"/> each item
    /// also gets the GRPO problem and solution that <c>load_video_dataset</c> makes. Other string fields (e.g.
    /// <c>clip_meta_path</c>) are kept in <see cref="ManifestItem.Meta"/>.
    /// </summary>
    public static Manifest Read(string path, string dataFolder, string? source = null, bool rlvr = false, string? name = null)
    {
        var items = JsonRecords.Read(path).Select(r => ReadItem(r, path, dataFolder, source, rlvr)).ToList();
        return new Manifest(name ?? Path.GetFileNameWithoutExtension(path), dataFolder, items);
    }

    /// <summary>The source rule of <c>eval_mafw_dfew.py</c>: "mafw" if the path contains "MAFW", else "dfew".</summary>
    public static string EvalSource(string videoPath) => videoPath.Contains("MAFW", StringComparison.Ordinal) ? "mafw" : "dfew";

    /// <summary>GRPO's solution for a gpt answer (<c>load_video_dataset</c> in <c>grpo.py</c>).</summary>
    public static string RlvrSolution(string gptValue) => "<answer> " + gptValue + " </answer>";

    static ManifestItem ReadItem(JsonRecord record, string path, string dataFolder, string? source, bool rlvr)
    {
        string where = record.Where(path);
        var o = record.Value;
        JsonFields.Expect(o, JsonValueKind.Object, where, what: "an item object {\"video\", \"conversations\"}");
        string video = JsonFields.RequiredString(o, "video", where, what: "a video path relative to the data folder");
        var turns = Conversations(o, where);
        string answer = turns[1].Value;
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
            if (!KnownFields.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.String) meta[p.Name] = p.Value.GetString()!;
        return new ManifestItem
        {
            Id = JsonFields.OptionalId(o, "id", where) ?? video,
            Video = Path.GetFullPath(Path.Combine(dataFolder, video)),
            Label = AnswerTag.Answer(answer),
            Source = JsonFields.OptionalString(o, "source", where) ?? source ?? EvalSource(video),
            Conversations = turns,
            Problem = rlvr ? R1OmniPrompts.GrpoProblem : null,
            Solution = rlvr ? RlvrSolution(answer) : null,
            Meta = meta,
        };
    }

    static List<ConversationTurn> Conversations(JsonElement o, string where)
    {
        var conv = JsonFields.Required(o, "conversations", JsonValueKind.Array, where,
            what: "a list [{\"from\":\"human\",…}, {\"from\":\"gpt\",…}]");
        var turns = conv.EnumerateArray().Select((t, i) => ManifestJsonl.Turn(t, where, $"conversations[{i}]")).ToList();
        if (turns.Count < 2) throw new R1OmniException($"{where}: 'conversations' has {turns.Count} turn(s), expected a human turn then a gpt turn");
        for (int i = 0; i < turns.Count; i++)
        {
            string expected = i % 2 == 0 ? ConversationTurn.Human : ConversationTurn.Gpt;
            if (turns[i].From != expected)
                throw new R1OmniException($"{where}: conversations[{i}].from is '{turns[i].From}', expected '{expected}' (turns alternate human, gpt)");
        }
        return turns;
    }
}
