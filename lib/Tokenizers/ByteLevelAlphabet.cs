namespace R1Omni.Tokenizers;

/// <summary>
/// GPT-2's byte-level alphabet: every byte is shown as one printable character so that BPE works on text.
/// Printable Latin-1 bytes stand for themselves; the other 68 bytes map, in order, to U+0100 and up
/// (so the space 0x20 is 'Ġ' U+0120 and the newline 0x0A is 'Ċ' U+010A).
/// </summary>
public static class ByteLevelAlphabet
{
    static readonly char[] ByteToCharTable = BuildByteToChar();
    static readonly Dictionary<char, byte> CharToByteTable =
        Enumerable.Range(0, 256).ToDictionary(b => ByteToCharTable[b], b => (byte)b);

    /// <summary>The character that stands for <paramref name="b"/>.</summary>
    public static char ByteToChar(byte b) => ByteToCharTable[b];

    /// <summary>The byte a character stands for, or false when it is not in the alphabet.</summary>
    public static bool TryCharToByte(char c, out byte b) => CharToByteTable.TryGetValue(c, out b);

    static char[] BuildByteToChar()
    {
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }
}
