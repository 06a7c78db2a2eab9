using System.Text.RegularExpressions;
using R1Omni.Tokenizers;

namespace R1Omni.Prompts;

/// <summary>
/// The answer of an R1-Omni response: the first <c>&lt;answer&gt;…&lt;/answer&gt;</c> group, as <c>grpo.py</c>'s
/// <c>accuracy_reward</c> and the evaluation read it.
/// </summary>
public static class AnswerTag
{
    // grpo.py's re.search(r'<answer>(.*?)</answer>', ...) without re.DOTALL: '.' stops at '\n' in Python and .NET alike,
    // so an answer spanning lines does not match and the whole text is used instead.
    static readonly Regex Pattern = new("<answer>(.*?)</answer>", RegexOptions.CultureInvariant);

    /// <summary>Whether the text has an answer group (a response without one is scored on its whole text).</summary>
    public static bool HasAnswer(string text) => Pattern.IsMatch(text);

    /// <summary>The first answer group stripped, else the whole text stripped (Python <c>strip()</c>).</summary>
    public static string Answer(string text)
    {
        var m = Pattern.Match(text);
        return PythonText.Strip(m.Success ? m.Groups[1].Value : text);
    }
}
