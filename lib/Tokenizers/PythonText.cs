using System.Text;

namespace R1Omni.Tokenizers;

/// <summary>
/// The few Python <c>str</c> semantics that HF's slow tokenizers rely on and .NET spells differently:
/// lower-casing per code point, <c>str.split()</c> and <c>strip()</c>/<c>lstrip()</c> on Unicode white space.
/// </summary>
internal static class PythonText
{
    /// <summary>
    /// Python's <c>lower()</c> applied one code point at a time, as HF's <c>tokenize()</c> does before the
    /// basic tokenizer (its regex lowers each character separately, so the final-sigma rule never fires).
    /// U+0130 is the one unconditional full mapping (SpecialCasing.txt) that differs from the simple one.
    /// </summary>
    public static string Lower(string text)
    {
        var sb = new StringBuilder(text.Length);
        Span<char> utf16 = stackalloc char[2];
        foreach (Rune r in text.EnumerateRunes())
        {
            if (r.Value == 0x0130) sb.Append("i\u0307");
            else sb.Append(utf16[..Rune.ToLowerInvariant(r).EncodeToUtf16(utf16)]);
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>str.isspace()</c> for one code point (bidi class WS, B or S, or category Zs).</summary>
    public static bool IsSpace(int cp) => cp switch
    {
        >= 0x09 and <= 0x0D or >= 0x1C and <= 0x20 or 0x85 or 0xA0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>Python's <c>str.split()</c> without arguments: split on runs of white space, no empty parts.</summary>
    public static List<string> Split(string text)
    {
        var parts = new List<string>();
        int start = -1;
        for (int i = 0; i < text.Length; i++)
        {
            // Every Python white-space code point is in the BMP, so UTF-16 units can be tested directly.
            if (IsSpace(text[i]))
            {
                if (start >= 0) parts.Add(text[start..i]);
                start = -1;
            }
            else if (start < 0) start = i;
        }
        if (start >= 0) parts.Add(text[start..]);
        return parts;
    }

    /// <summary>Python's <c>str.lstrip()</c> without arguments (its white space, not .NET's <see cref="char.IsWhiteSpace(char)"/>).</summary>
    public static string LStrip(string text)
    {
        int start = 0;
        while (start < text.Length && IsSpace(text[start])) start++;
        return text[start..];
    }

    /// <summary>Python's <c>str.strip()</c> without arguments.</summary>
    public static string Strip(string text)
    {
        string left = LStrip(text);
        int end = left.Length;
        while (end > 0 && IsSpace(left[end - 1])) end--;
        return left[..end];
    }
}
