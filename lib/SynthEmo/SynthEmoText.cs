using R1Omni.Prompts;

namespace R1Omni.SynthEmo;

/// <summary>
/// Every kind of text the miniature reproduction reads or writes, independent of the seed: the conversations of each
/// stage rendered with both chat templates (every question, every answer form, every cue phrase in every slot, every
/// conclusion and label), the GRPO prompts and the evaluation prompts of every modality. It fixes the miniature
/// model's vocabulary (see <c>HumanOmniPreset.VocabularyCorpus</c>): a model trained from scratch on this world never
/// needs the rest of Qwen2's 151,936 tokens.
/// </summary>
public static class SynthEmoText
{
    static readonly Lazy<IReadOnlyList<string>> Texts = new(Build);

    public static IReadOnlyList<string> Corpus() => Texts.Value;

    static IReadOnlyList<string> Build()
    {
        var texts = new List<string>();
        var answers = new List<(string Question, string Answer)>();
        var cueSets = VariedCues().ToList();
        foreach (var profile in CueTable.Profiles)
        {
            foreach (string form in InstructionWriter.AnswerForms)
                foreach (string question in InstructionWriter.EmotionQuestions)
                    answers.Add((question, string.Format(form, profile.Label, InstructionWriter.Adjective(profile.Emotion))));
            answers.Add((R1OmniPrompts.EvalInstruct, profile.Label));
            foreach (string conclusion in RationaleWriter.Conclusions)
                answers.Add((R1OmniPrompts.DemoInstruct,
                             $"<think>{RationaleWriter.Fill(RationaleWriter.Template, profile.Levels)} {string.Format(conclusion, profile.Label)}</think>\n<answer>{profile.Label}</answer>"));
        }
        foreach (var levels in cueSets)
        {
            answers.Add((InstructionWriter.FaceQuestion, RationaleWriter.Fill(RationaleWriter.FaceSentences, levels)));
            answers.Add((InstructionWriter.VoiceQuestion, RationaleWriter.Fill(RationaleWriter.VoiceSentence, levels)));
            answers.Add((R1OmniPrompts.DemoInstruct, $"<think>{RationaleWriter.Fill(RationaleWriter.Template, levels)}</think>"));
        }
        string[] questions = [.. answers.Select(a => a.Question).Distinct(), R1OmniPrompts.QuestionTemplate(R1OmniPrompts.GrpoProblem)];
        foreach (var template in new[] { ChatTemplate.For(ChatTemplateKind.Qwen2_5), ChatTemplate.For(ChatTemplateKind.Qwen2VL) })
        {
            foreach (var (question, answer) in answers)
                texts.Add(template.Render(R1OmniPrompts.SftMessages(R1OmniPrompts.SftHumanValue(question), answer), addGenerationPrompt: false));
            foreach (var modality in Enum.GetValues<PromptModality>())
                foreach (string question in questions)
                    texts.Add(R1OmniPrompts.InferencePrompt(template, question, modality));
        }
        foreach (var modality in Enum.GetValues<PromptModality>()) texts.Add(R1OmniPrompts.GrpoPrompt(R1OmniPrompts.GrpoProblem, modality));
        return texts;
    }

    // Every level of every cue at least once, the other cues at a profile's levels: each cue phrase in its slot and in
    // the neighbourhood of every other slot's phrases.
    static IEnumerable<IReadOnlyList<Enum>> VariedCues()
    {
        foreach (var profile in CueTable.Profiles)
        {
            var levels = profile.Levels;
            for (int slot = 0; slot < levels.Count; slot++)
                foreach (Enum value in Enum.GetValues(levels[slot].GetType()))
                {
                    var varied = levels.ToArray();
                    varied[slot] = value;
                    yield return varied;
                }
        }
    }
}
