using System.Text;

namespace R1Omni.Charts;

/// <summary>
/// Line breaking for Plotly table cells, which never wrap on their own: a long rationale would run out of its column.
/// Lines are broken at spaces to fit a column's share of the table's width.
/// </summary>
internal static class CellText
{
    /// <summary>The table's width in characters: about 800 px of plot area at about 7 px a character of the default font.</summary>
    public const int TableCharacters = 114;

    /// <summary>Characters per line for each column, from the relative widths (equal when null), less the cell padding.</summary>
    public static int[] Widths(int columns, IReadOnlyList<double>? relative)
    {
        double total = relative?.Sum() ?? columns;
        return Enumerable.Range(0, columns).Select(c => Math.Max(8, (int)(TableCharacters * (relative?[c] ?? 1) / total) - 2)).ToArray();
    }

    /// <summary>
    /// The text with its lines broken at spaces so none exceeds <paramref name="width"/>, except words of up to twice
    /// the width, which stay whole; longer words are cut.
    /// </summary>
    public static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (string line in text.Split('\n'))
        {
            var current = new StringBuilder();
            foreach (string whole in line.Split(' '))
            {
                string word = whole;
                // A run name or path up to twice the column keeps its line (and may overflow a little); longer text
                // without spaces (an untrained model's noise, CJK) is cut into column-wide pieces.
                for (bool cut = word.Length > 2 * width; cut && word.Length > width; word = word[width..])
                {
                    if (current.Length > 0) lines.Add(current.ToString());
                    current.Clear();
                    lines.Add(word[..width]);
                }
                if (current.Length > 0 && current.Length + 1 + word.Length > width)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }
                else if (current.Length > 0) current.Append(' ');
                current.Append(word);
            }
            lines.Add(current.ToString());
        }
        return string.Join("\n", lines);
    }
}
