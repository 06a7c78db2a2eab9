using System.Text.Json;
using System.Text.RegularExpressions;
using R1Omni.Prompts;
using R1Omni.SynthEmo;

namespace R1Omni.Tests.SynthEmo;

/// <summary>
/// Cold-start rationales state the clip's real cues, except a controlled share of wrong statements, and follow
/// R1-Omni's answer format. Checked by parsing the text back, not by re-running the writer.
/// </summary>
[Collection("SynthEmo")]
public sealed class RationaleTests(SynthEmoWorlds worlds)
{
    static readonly Regex Slots = new(
        "^<think>" + Regex.Replace(Regex.Escape(RationaleWriter.Template), @"\\\{(\d)}", "(?<s$1>.+?)") + " (?<conclusion>[^<]+)</think>\n<answer>(?<answer>[a-z]+)</answer>$");

    static readonly Type[] SlotTypes =
        [typeof(BrowPose), typeof(EyeState), typeof(MouthShape), typeof(HeadMotion), typeof(FaceTint),
         typeof(PitchLevel), typeof(PitchContour), typeof(Loudness), typeof(Tempo), typeof(VoiceQuality)];

    /// <summary>The ten cue levels a rationale states, read back through the phrase table.</summary>
    static Enum[] Parse(string rationale)
    {
        var m = Slots.Match(rationale);
        Assert.True(m.Success, $"rationale does not follow the template: {rationale}");
        return SlotTypes.Select((type, i) => Enum.GetValues(type).Cast<Enum>().Single(v => CuePhrases.Phrase(v) == m.Groups[$"s{i}"].Value)).ToArray();
    }

    static IReadOnlyList<ClipSpec> ColdStart(int perClass, double rate) =>
        ClipPlanner.Plan(new SynthEmoOptions { Seed = 5, PerClassColdStart = perClass, WrongCueRate = rate }, SynthEmoSplit.ColdStart);

    [Fact]
    public void WithoutNoiseEveryStatementMatchesTheClipsCues()
    {
        foreach (var clip in ColdStart(perClass: 10, rate: 0))
        {
            Assert.Equal(clip.Profile.Levels, Parse(clip.Rationale!.Text));
            Assert.Empty(clip.Rationale.WrongCues);
            Assert.EndsWith($"</think>\n<answer>{clip.Label}</answer>", clip.Rationale.Text);
            Assert.Contains(clip.Label, Slots.Match(clip.Rationale.Text).Groups["conclusion"].Value);
        }
    }

    [Fact]
    public void WrongStatementsComeAtTheRequestedRateAndAreListed()
    {
        var noisy = ColdStart(perClass: 100, rate: 0.25);
        var clean = ColdStart(perClass: 100, rate: 0);
        int wrong = 0, total = 0;
        for (int i = 0; i < noisy.Count; i++)
        {
            var stated = Parse(noisy[i].Rationale!.Text);
            var truth = noisy[i].Profile.Levels;
            var differing = truth.Where((level, k) => !level.Equals(stated[k])).Select(CuePhrases.Key).ToList();
            Assert.Equal(differing, noisy[i].Rationale!.WrongCues);
            Assert.EndsWith($"<answer>{noisy[i].Label}</answer>", noisy[i].Rationale!.Text);
            wrong += differing.Count;
            total += truth.Count;
            // Rationale noise never touches the clip itself.
            Assert.Equal(clean[i].Face, noisy[i].Face);
            Assert.Equal(clean[i].Voice, noisy[i].Voice);
        }
        double rate = wrong / (double)total;
        Assert.InRange(rate, 0.23, 0.27);
    }

    [Fact]
    public void ColdStartManifestIsR1OmniConversationFormat()
    {
        string dir = worlds.A.OutDir;
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "cold_start.json")));
        var lines = SynthEmoWorlds.Lines(worlds.A, "cold_start");
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(lines.Count, items.Count);
        var format = new Regex(@"^<think>.*?</think>\s*<answer>.*?</answer>$", RegexOptions.Singleline);
        for (int i = 0; i < items.Count; i++)
        {
            string video = items[i].GetProperty("video").GetString()!;
            Assert.True(File.Exists(Path.Combine(dir, video)), video);
            Assert.Equal(lines[i].GetProperty("video").GetString(), video);
            var turns = items[i].GetProperty("conversations").EnumerateArray().ToList();
            Assert.Equal(["human", "gpt"], turns.Select(t => t.GetProperty("from").GetString()));
            Assert.Equal("<video>\n<audio>\n" + R1OmniPrompts.DemoInstruct, turns[0].GetProperty("value").GetString());
            string answer = turns[1].GetProperty("value").GetString()!;
            Assert.Matches(format, answer);
            Assert.Equal(lines[i].GetProperty("rationale").GetString(), answer);
            var cues = lines[i].GetProperty("cues");
            var wrong = lines[i].GetProperty("wrong_cues").EnumerateArray().Select(w => w.GetString()).ToHashSet();
            foreach (var stated in Parse(answer))
                Assert.Equal(!wrong.Contains(CuePhrases.Key(stated)), cues.GetProperty(CuePhrases.Key(stated)).GetString() == CuePhrases.Name(stated));
        }
    }

    [Fact]
    public void RlTrainManifestCarriesLabelsOnly()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(worlds.A.OutDir, "rl_train.json")));
        var lines = SynthEmoWorlds.Lines(worlds.A, "rl_train");
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(7 * 2, items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            string label = lines[i].GetProperty("label").GetString()!;
            Assert.Equal(R1OmniPrompts.GrpoProblem, items[i].GetProperty("problem").GetString());
            Assert.Equal($"<answer> {label} </answer>", items[i].GetProperty("solution").GetString());
            Assert.Equal(label, items[i].GetProperty("conversations")[1].GetProperty("value").GetString());
            Assert.False(lines[i].TryGetProperty("rationale", out _));
        }
        Assert.Equal(CueTable.Labels.Order(), lines.Select(l => l.GetProperty("label").GetString()!).Distinct().Order());
    }
}
