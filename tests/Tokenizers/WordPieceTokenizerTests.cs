using R1Omni.Tokenizers;

namespace R1Omni.Tests.Tokenizers;

/// <summary>Greedy longest-match-first WordPiece over a small vocabulary.</summary>
public class WordPieceTokenizerTests
{
    static readonly WordPieceTokenizer WordPiece = new(
        new[] { "[UNK]", "un", "unaff", "##aff", "##able", "##a", "##ble", "a", "😀", "##😀" }
            .Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i));

    static List<string> Pieces(string word)
    {
        var output = new List<string> { "kept" };
        WordPiece.Tokenize(word, output);
        return output[1..];
    }

    [Fact]
    public void TakesTheLongestPrefixFirst() => Assert.Equal(["unaff", "##able"], Pieces("unaffable"));

    [Fact]
    public void AnUncoverableWordIsOneUnknownToken() => Assert.Equal(["[UNK]"], Pieces("unaffx"));

    [Fact]
    public void CountsCodePointsAndNeverSplitsSurrogatePairs()
    {
        Assert.Equal(["😀", "##😀"], Pieces("😀😀"));
        // 100 astral characters are 200 UTF-16 units but within HF's 100-character limit.
        Assert.Equal(100, Pieces(string.Concat(Enumerable.Repeat("😀", 100))).Count);
        Assert.Equal(["[UNK]"], Pieces(string.Concat(Enumerable.Repeat("😀", 101))));
        Assert.Equal(["[UNK]"], Pieces(new string('a', 101)));
    }
}
