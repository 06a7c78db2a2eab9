namespace R1Omni.Evaluation;

/// <summary>
/// WAR and UAR as R1-Omni's <c>humanomni/eval/eval_mafw_dfew.py</c> computes them. The classes are those present in the
/// labels; a prediction outside the label set is a miss (counted in the confusion matrix's "other" column and listed);
/// a class never predicted still contributes its recall (0) to UAR, while a class only predicted does not enter UAR at
/// all.
/// </summary>
public static class EmotionMetrics
{
    public const string OtherColumn = "other";

    public static EmotionMetricsResult Compute(IReadOnlyList<string> labels, IReadOnlyList<string> predictions, IReadOnlyList<string> labelSet)
    {
        if (labels.Count != predictions.Count)
            throw new R1OmniException($"{labels.Count} labels but {predictions.Count} predictions; they must pair up");
        if (labels.Count == 0) throw new R1OmniException("no labelled items to score");
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string l in labelSet)
            if (!column.TryAdd(l, column.Count)) throw new R1OmniException($"label set lists '{l}' twice");
        if (column.ContainsKey(OtherColumn))
            throw new R1OmniException($"label set contains '{OtherColumn}', the name of the out-of-label column");
        var unknown = labels.Where(l => !column.ContainsKey(l)).Distinct().ToList();
        if (unknown.Count > 0)
            throw new R1OmniException($"label(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} are not in the label set ({string.Join(", ", labelSet)}); validate the manifest with its label set first");

        int k = labelSet.Count;
        var confusion = new long[k][];
        for (int r = 0; r < k; r++) confusion[r] = new long[k + 1];
        var outOfLabel = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++)
        {
            if (column.TryGetValue(predictions[i], out int c)) confusion[column[labels[i]]][c]++;
            else
            {
                confusion[column[labels[i]]][k]++;
                outOfLabel[predictions[i]] = outOfLabel.GetValueOrDefault(predictions[i]) + 1;
            }
        }

        var support = confusion.Select(row => row.Sum()).ToArray();
        var correct = Enumerable.Range(0, k).Select(c => confusion[c][c]).ToArray();
        var recall = Enumerable.Range(0, k).Select(c => support[c] == 0 ? (double?)null : 100.0 * correct[c] / support[c]).ToArray();
        var present = Enumerable.Range(0, k).Where(c => support[c] > 0).ToList();
        return new EmotionMetricsResult
        {
            N = labels.Count,
            War = 100.0 * correct.Sum() / labels.Count,
            Uar = present.Average(c => recall[c]!.Value),
            Labels = labelSet.ToList(),
            Classes = present.Select(c => labelSet[c]).ToList(),
            Support = support,
            Correct = correct,
            Recall = recall,
            Confusion = confusion,
            OutOfLabel = outOfLabel.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Extracts predictions from raw responses with <paramref name="extraction"/>, then computes the metrics.</summary>
    public static EmotionMetricsResult Score(IReadOnlyList<string> labels, IReadOnlyList<string> responses, IReadOnlyList<string> labelSet, AnswerExtraction extraction) =>
        Compute(labels, responses.Select(extraction.Extract).ToList(), labelSet) with
        {
            Mode = AnswerExtraction.Name(extraction.Mode),
            Synonyms = extraction.Synonyms,
        };
}
