using R1Omni.Runtime;

namespace R1Omni.SynthEmo;

/// <summary>
/// Decides every clip of every split from the options alone, before anything is rendered: a class-balanced label
/// list shuffled per split, then per clip a face, a voice, (cold_start) a rationale and (pretrain) its instructions,
/// each from its own SplitMix64 stream derived from (seed, split, clip). The text streams are separate so the
/// wrong-cue rate and the instruction texts never change a clip.
/// </summary>
public static class ClipPlanner
{
    const ulong OrderStream = 0x6F72646572, RationaleStream = 0x726174696F, InstructionStream = 0x696E737472;

    public static IReadOnlyList<ClipSpec> Plan(SynthEmoOptions options) =>
        SynthEmoSplit.All.SelectMany(split => Plan(options, split)).ToList();

    public static IReadOnlyList<ClipSpec> Plan(SynthEmoOptions options, SynthEmoSplit split)
    {
        ulong seed = unchecked((ulong)(long)options.Seed);
        int perClass = options.PerClass(split);
        var emotions = Enum.GetValues<Emotion>().SelectMany(e => Enumerable.Repeat(e, perClass)).ToList();
        new SplitMix64(SplitMix64.Derive(seed, (ulong)split.Index, OrderStream)).Shuffle(emotions);
        var clips = new List<ClipSpec>(emotions.Count);
        for (int i = 0; i < emotions.Count; i++)
        {
            var profile = CueTable.Of(emotions[i]);
            ulong clipSeed = SplitMix64.Derive(seed, (ulong)split.Index, (ulong)i);
            var rng = new SplitMix64(clipSeed);
            var face = FaceParams.Sample(profile.Face, split.FaceStyle, rng);
            var voice = VoiceParams.Sample(profile.Voice, split.VoiceStyle, rng);
            var rationale = split == SynthEmoSplit.ColdStart
                ? RationaleWriter.Write(profile, options.WrongCueRate, new SplitMix64(SplitMix64.Derive(clipSeed, RationaleStream)))
                : null;
            var instructions = split == SynthEmoSplit.Pretrain
                ? InstructionWriter.Write(profile, new SplitMix64(SplitMix64.Derive(clipSeed, InstructionStream)))
                : null;
            clips.Add(new ClipSpec($"{split.Name}_{i:D5}", split, profile.Emotion, face, voice, rationale, instructions));
        }
        return clips;
    }
}
