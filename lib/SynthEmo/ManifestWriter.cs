using System.Text;
using System.Text.Json;
using R1Omni.Data;
using R1Omni.Prompts;
using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// Writes the two manifests of each split into the output folder:
/// <list type="bullet">
/// <item><c>&lt;split&gt;.json</c>, R1-Omni's conversation list (the format of <c>train_humanomni.py</c>): <c>video</c>
/// plus a human turn "&lt;video&gt;\n&lt;audio&gt;\n" + question and a gpt turn. cold_start asks the README demo
/// instruct and answers with the rationale; the other splits ask the GRPO problem and answer with the bare label (what
/// R1-Omni's RLVR and evaluation loaders read: <c>load_video_dataset</c> and <c>eval_mafw_dfew.py</c>); rl_train items
/// also carry the derived <c>problem</c> and <c>solution</c> = "&lt;answer&gt; label &lt;/answer&gt;".</item>
/// <item><c>&lt;split&gt;.jsonl</c>, one line per clip: id, video, label, split, style, the cue levels and the sampled
/// parameters; cold_start lines add the rationale and the keys of its wrong cue statements.</item>
/// <item><c>&lt;split&gt;.manifest.jsonl</c>, the workbench manifest (<see cref="ManifestJsonl"/>) that `evaluate`,
/// `validate` and the trainers read: source <c>synthemo</c>, the label, the conversation (and RLVR problem/solution),
/// and split, style and cue levels as metadata.</item>
/// </list>
/// Video paths are relative to the output folder.
/// </summary>
public static class ManifestWriter
{
    public static IReadOnlyList<string> Write(string outDir, IReadOnlyList<ClipSpec> clips)
    {
        var written = new List<string>();
        foreach (var split in SynthEmoSplit.All)
        {
            var inSplit = clips.Where(c => c.Split == split).ToList();
            string conversations = Path.Combine(outDir, split.Name + ".json"), lines = Path.Combine(outDir, split.Name + ".jsonl");
            AtomicFile.WriteAllText(conversations, JsonSerializer.Serialize(inSplit.SelectMany(ConversationItems), SynthEmoJson.Indented) + "\n");
            var jsonl = new StringBuilder();
            foreach (var clip in inSplit) jsonl.Append(JsonSerializer.Serialize(ManifestLine(clip), SynthEmoJson.Compact)).Append('\n');
            AtomicFile.WriteAllText(lines, jsonl.ToString());
            string manifest = Path.Combine(outDir, split.Name + ManifestSuffix);
            ManifestJsonl.Write(new Manifest($"synthemo-{split.Name}", null, inSplit.Select(WorkbenchItem).ToList()), manifest);
            written.Add(conversations);
            written.Add(lines);
            written.Add(manifest);
        }
        return written;
    }

    public const string ManifestSuffix = ".manifest.jsonl";
    public const string Source = "synthemo";

    /// <summary>The gpt turn of a clip: the rationale in cold_start, the emotion answer in pretrain, the bare label elsewhere.</summary>
    public static string Answer(ClipSpec clip) => clip.Rationale?.Text ?? EmotionInstruction(clip)?.Answer ?? clip.Label;

    /// <summary>
    /// The question of a clip's conversation: the README demo instruct (with the think/answer request) in cold_start, as
    /// EMER-SFT trains; the pretraining emotion question in pretrain; the evaluation scripts' question elsewhere, which
    /// label-only SFT trains on and R1-Omni's RLVR loader replaces with its fixed problem.
    /// </summary>
    public static string Question(ClipSpec clip) =>
        clip.Rationale is not null ? R1OmniPrompts.DemoInstruct : EmotionInstruction(clip)?.Question ?? R1OmniPrompts.EvalInstruct;

    static Instruction? EmotionInstruction(ClipSpec clip) => clip.Instructions?.First(i => i.Task == InstructionWriter.EmotionTask);

    // One conversation per clip; a pretraining clip has one per instruction (face, voice, emotion).
    static IEnumerable<Dictionary<string, object>> ConversationItems(ClipSpec clip)
    {
        var turns = clip.Instructions?.Select(i => (i.Question, i.Answer)).ToList() ?? [(Question(clip), Answer(clip))];
        foreach (var (question, answer) in turns)
        {
            var item = new Dictionary<string, object>
            {
                ["video"] = clip.Video,
                ["conversations"] = new[]
                {
                    new Dictionary<string, string> { ["from"] = "human", ["value"] = R1OmniPrompts.SftHumanValue(question) },
                    new Dictionary<string, string> { ["from"] = "gpt", ["value"] = answer },
                },
            };
            if (clip.Split == SynthEmoSplit.RlTrain || clip.Split == SynthEmoSplit.Probe)
            {
                item["problem"] = R1OmniPrompts.GrpoProblem;
                item["solution"] = $"<answer> {clip.Label} </answer>";
                // The clip's cue levels, for rewards that check a rationale against the clip (ConversationJson keeps them as item metadata).
                foreach (var (key, value) in CueMeta(clip)) item[key] = value;
            }
            yield return item;
        }
    }

    /// <summary>The clip's ten cue levels as metadata: <c>cue.brows</c> = <c>furrowed</c>, … (see <see cref="CueLevels"/>).</summary>
    static IEnumerable<(string Key, string Value)> CueMeta(ClipSpec clip) =>
        clip.Profile.Levels.Select(level => (CueLevels.MetaKey(level), CuePhrases.Name(level)));

    static ManifestItem WorkbenchItem(ClipSpec clip)
    {
        var meta = new Dictionary<string, string> { ["split"] = clip.Split.Name, ["style"] = clip.Split.FaceStyle.Name };
        foreach (var (key, value) in CueMeta(clip)) meta[key] = value;
        string question = Question(clip);
        return new ManifestItem
        {
            Id = clip.Id, Video = clip.Video, Label = clip.Label, Source = Source, Meta = meta,
            Conversations = [new ConversationTurn("human", R1OmniPrompts.SftHumanValue(question)), new ConversationTurn("gpt", Answer(clip))],
            Problem = clip.Split == SynthEmoSplit.RlTrain ? R1OmniPrompts.GrpoProblem : null,
            Solution = clip.Split == SynthEmoSplit.RlTrain ? $"<answer> {clip.Label} </answer>" : null,
        };
    }

    static Dictionary<string, object> ManifestLine(ClipSpec clip)
    {
        var line = new Dictionary<string, object>
        {
            ["id"] = clip.Id,
            ["video"] = clip.Video,
            ["label"] = clip.Label,
            ["split"] = clip.Split.Name,
            ["style"] = clip.Split.FaceStyle.Name,
            ["cues"] = clip.Profile.Levels.ToDictionary(CuePhrases.Key, CuePhrases.Name),
            ["params"] = new Dictionary<string, object> { ["face"] = clip.Face, ["voice"] = clip.Voice },
        };
        if (clip.Rationale is { } rationale)
        {
            line["rationale"] = rationale.Text;
            line["wrong_cues"] = rationale.WrongCues;
        }
        return line;
    }
}
