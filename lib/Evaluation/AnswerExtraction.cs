using R1Omni.Data;
using R1Omni.Prompts;
using R1Omni.Tokenizers;

namespace R1Omni.Evaluation;

/// <summary>
/// Turns a model response into the prediction string that is compared with the label. Comparison is exact and
/// case-sensitive unless a <see cref="SynonymTable"/> is given (off by default, as in the released scripts).
/// </summary>
public sealed class AnswerExtraction(AnswerMode mode, SynonymTable? synonyms = null)
{
    public AnswerMode Mode { get; } = mode;
    public SynonymTable? Synonyms { get; } = synonyms;

    public string Extract(string response)
    {
        string prediction = Mode == AnswerMode.Raw ? Raw(response) : AnswerTag.Answer(response);
        return Synonyms is null ? prediction : Synonyms.Normalize(prediction);
    }

    /// <summary>The released evaluation's prediction: Python <c>response.lstrip()</c>.</summary>
    public static string Raw(string response) => PythonText.LStrip(response);

    public static string Name(AnswerMode mode) => mode switch
    {
        AnswerMode.Answer => "answer",
        AnswerMode.Raw => "raw",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown answer mode"),
    };

    public static AnswerMode ParseMode(string name) => name switch
    {
        "answer" => AnswerMode.Answer,
        "raw" => AnswerMode.Raw,
        _ => throw new R1OmniException($"unknown answer mode '{name}' (expected answer or raw)"),
    };
}
