namespace R1Omni.Charts;

/// <summary>One model output to read: the clip, its true label, the extracted answer and the full response.</summary>
public sealed record RationaleSample(string Video, string Label, string Answer, string Response)
{
    /// <summary>The answer is the label, compared exactly as the released scoring does (spec §9.2).</summary>
    public bool Correct => string.Equals(Answer, Label, StringComparison.Ordinal);
}
