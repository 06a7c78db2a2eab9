using R1Omni.Evaluation;

namespace R1Omni.Charts;

/// <summary>One model output to read: the clip, its true label, the extracted answer and the full response.</summary>
public sealed record RationaleSample(string Video, string Label, string Answer, string Response)
{
    /// <summary>The answer is the label, compared exactly as the released scoring (<c>eval_mafw_dfew.py</c>) does.</summary>
    public bool Correct => string.Equals(Answer, Label, StringComparison.Ordinal);

    /// <summary>A stored prediction, its video named by file name.</summary>
    public static RationaleSample From(PredictionRecord prediction) =>
        new(Path.GetFileName(prediction.Video), prediction.Label ?? "", prediction.Answer, prediction.Response);

    /// <summary>
    /// Models side by side: for each of the first <paramref name="clips"/> items the first model predicted, one row per
    /// model that predicted the same item, its video named "file (model)".
    /// </summary>
    public static IReadOnlyList<RationaleSample> ByClip(int clips, IReadOnlyList<(string Model, IReadOnlyList<PredictionRecord> Predictions)> models)
    {
        if (models.Count == 0) return [];
        var byId = models.Select(m => (m.Model, Predictions: m.Predictions.ToDictionary(p => p.Id, StringComparer.Ordinal))).ToList();
        return models[0].Predictions.Take(clips)
            .SelectMany(first => byId.Where(m => m.Predictions.ContainsKey(first.Id)).Select(m =>
            {
                var sample = From(m.Predictions[first.Id]);
                return sample with { Video = $"{sample.Video} ({m.Model})" };
            })).ToList();
    }
}
