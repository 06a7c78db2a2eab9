using R1Omni.Data;

namespace R1Omni.Evaluation;

/// <summary>Settings of <see cref="EvaluationRunner"/>.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Items per call of the response function (the released evaluation uses 1).</summary>
    public int BatchSize { get; init; } = 1;
    /// <summary>Scoring modes; every mode is written, answer mode first (the paper's numbers for think/answer models
    /// need the extraction, which <c>eval_mafw_dfew.py</c> lacks).</summary>
    public IReadOnlyList<AnswerMode> Modes { get; init; } = [AnswerMode.Answer, AnswerMode.Raw];
    /// <summary>Prediction normalisation; null (the default) scores exact strings as released.</summary>
    public SynonymTable? Synonyms { get; init; }
    /// <summary>Label set per source; sources without an entry use their built-in map (dfew, mafw, ravdess) or, failing
    /// that, the distinct labels of their items.</summary>
    public IReadOnlyDictionary<string, LabelMap>? LabelSets { get; init; }
    /// <summary>Up-front check; failing items are dropped (and listed in validation.txt) before any generation. Null skips it.</summary>
    public ValidationOptions? Validation { get; init; } = new();
    /// <summary>
    /// What produces the responses (checkpoint identity, template, prompt, modality, dtype, generation options; see
    /// <see cref="ManifestEvaluation"/>), written to <c>fingerprint.json</c>. Stored predictions made under another
    /// fingerprint are refused, not resumed. Null (re-scoring stored predictions) neither checks nor writes it.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Fingerprint { get; init; }
    /// <summary>
    /// How many items may be recorded as errors (clips that cannot be run) before the evaluation stops; errors are left
    /// out of WAR/UAR and counted per source.
    /// </summary>
    public int MaxErrors { get; init; } = 10;
    /// <summary>Discard stored predictions and start over (instead of refusing ones made under another fingerprint).</summary>
    public bool Restart { get; init; }
    /// <summary>Progress lines (done/total, items/s, ETA) and the final summary; null is silent.</summary>
    public TextWriter? Progress { get; init; }
}
