namespace R1Omni.Data;

/// <summary>One turn of an SFT conversation as in the R1-Omni JSON (the data format of
/// <c>humanomni/train_humanomni.py</c>): <c>from</c> is "human" or "gpt".</summary>
public sealed record ConversationTurn(string From, string Value)
{
    public const string Human = "human";
    public const string Gpt = "gpt";
}
