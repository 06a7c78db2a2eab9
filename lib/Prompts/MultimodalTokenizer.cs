using R1Omni.Tokenizers;

namespace R1Omni.Prompts;

/// <summary>HumanOmni's <c>tokenizer_multimodal_token</c> (<c>humanomni/mm_utils.py</c>): prompt text to ids with negative placeholder ids.</summary>
public static class MultimodalTokenizer
{
    /// <summary>
    /// Splits <paramref name="prompt"/> successively on "&lt;audio&gt;", "&lt;video&gt;" and "&lt;image&gt;"
    /// (<see cref="ModalPlaceholders.IndexMap"/> order), puts −202/−201/−200 between the pieces and encodes every
    /// text piece on its own without special tokens, so BPE merges never cross a placeholder.
    /// </summary>
    public static int[] Tokenize(string prompt, Qwen2Tokenizer tokenizer)
    {
        // Each chunk is either text to encode or a placeholder id.
        var chunks = new List<(string? Text, int Index)> { (prompt, 0) };
        foreach (var (placeholder, index) in ModalPlaceholders.IndexMap)
        {
            var next = new List<(string?, int)>();
            foreach (var chunk in chunks)
            {
                if (chunk.Text is null) { next.Add(chunk); continue; }
                string[] parts = chunk.Text.Split(placeholder);
                for (int i = 0; i < parts.Length; i++)
                {
                    if (i > 0) next.Add((null, index));
                    next.Add((parts[i], 0));
                }
            }
            chunks = next;
        }

        var ids = new List<int>();
        foreach (var (text, index) in chunks)
        {
            if (text is null) ids.Add(index);
            else ids.AddRange(tokenizer.Encode(text, addSpecialTokens: false));
        }
        return ids.ToArray();
    }

    /// <summary><see cref="Tokenize"/> as the int64 ids the model's tensors take.</summary>
    public static long[] Ids(string prompt, Qwen2Tokenizer tokenizer) => Tokenize(prompt, tokenizer).Select(i => (long)i).ToArray();
}
