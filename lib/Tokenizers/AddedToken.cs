namespace R1Omni.Tokenizers;

/// <summary>
/// A token of HF's added vocabulary (`added_tokens` in tokenizer.json, `added_tokens_decoder` in
/// tokenizer_config.json): matched verbatim in text before BPE runs. Special ones are dropped by
/// <c>Decode(..., skipSpecialTokens: true)</c>; in Qwen2.5 e.g. <c>&lt;tool_call&gt;</c> is added but not special.
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special);
