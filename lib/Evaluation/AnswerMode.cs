namespace R1Omni.Evaluation;

/// <summary>How a prediction is read from a model response (spec §9.1).</summary>
public enum AnswerMode
{
    /// <summary>The first <c>&lt;answer&gt;(.*?)&lt;/answer&gt;</c> group, stripped; else the whole stripped response (as the accuracy reward, §8.4).</summary>
    Answer,
    /// <summary><c>response.lstrip()</c>, exactly as the released evaluation scripts.</summary>
    Raw,
}
