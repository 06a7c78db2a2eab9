using R1Omni.Data;
using R1Omni.Evaluation;
using R1Omni.Generation;
using R1Omni.Inference;
using R1Omni.Media;
using R1Omni.Prompts;
using R1Omni.Training.Grpo;
using static TorchSharp.torch;

namespace R1Omni.Tests.Training.Grpo;

/// <summary>Greedy answers of a checkpoint to the GRPO prompt, scored as the evaluation scores them (answer mode, exact match): WAR, UAR.</summary>
public static class GreedyEvaluation
{
    public static EmotionMetricsResult Score(string folder, Manifest test, int maxNewTokens)
    {
        using var model = HumanOmniInference.Load(folder, ScalarType.Float32, CPU);
        var prompt = GrpoPrompt.For(R1OmniPrompts.GrpoProblem, model.Bundle.Tokenizer, model.Bundle.BertTokenizer);
        var options = model.DefaultOptions(maxNewTokens);
        var predictions = new List<string>();
        foreach (var item in test.Items)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            using var clip = model.Bundle.ClipLoader.Load(item.Video, ImageFraming.PadToSquare);
            using var media = MediaEncoding.Encode(model.Model, clip);
            using var inputs = model.Model.PrepareInputsLabelsForMultimodal(prompt.Batch(media, bertGrad: false));
            var result = GenerationEngine.GenerateFromEmbeddings(model.Model, inputs.InputsEmbeds, null, options);
            predictions.Add(AnswerTag.Answer(model.Bundle.Tokenizer.Decode(result.Tokens[0], skipSpecialTokens: true)));
        }
        var labels = test.Items.Select(i => i.Label!).ToList();
        return EmotionMetrics.Compute(labels, predictions, labels.Distinct().Order(StringComparer.Ordinal).ToList());
    }
}
