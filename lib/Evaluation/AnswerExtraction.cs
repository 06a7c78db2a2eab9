using System.Text.RegularExpressions;
using R1Omni.Tokenizers;

namespace R1Omni.Evaluation;

/// <summary>
/// Turns a model response into the prediction string that is compared with the label. Comparison is exact and
/// case-sensitive unless a <see cref="SynonymTable"/> is given (off by default, as in the released scripts).
/// </summary>
public sealed class AnswerExtraction(AnswerMode mode, SynonymTable? synonyms = null)
{
    // grpo.py's re.search(r'<answer>(.*?)</answer>', ...) without re.DOTALL: '.' stops at '\n' in Python and .NET alike,
    // so an answer spanning lines does not match and the whole text is used instead (spec §8.4).
    static readonly Regex AnswerTag = new("<answer>(.*?)</answer>", RegexOptions.CultureInvariant);

    public AnswerMode Mode { get; } = mode;
    public SynonymTable? Synonyms { get; } = synonyms;

    public string Extract(string response)
    {
        string prediction = Mode == AnswerMode.Raw ? Raw(response) : Answer(response);
        return Synonyms is null ? prediction : Synonyms.Normalize(prediction);
    }

    /// <summary>The released evaluation's prediction: Python <c>response.lstrip()</c>.</summary>
    public static string Raw(string response) => PythonText.LStrip(response);

    /// <summary>The first <c>&lt;answer&gt;…&lt;/answer&gt;</c> group stripped, else the whole text stripped (Python <c>strip()</c>).</summary>
    public static string Answer(string text)
    {
        var m = AnswerTag.Match(text);
        return PythonText.Strip(m.Success ? m.Groups[1].Value : text);
    }

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
