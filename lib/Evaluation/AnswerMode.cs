namespace R1Omni.Evaluation;

/// <summary>How a prediction is read from a model response. The released <c>eval_mafw_dfew.py</c> scores the raw
/// response; think/answer models need the answer extracted first.</summary>
public enum AnswerMode
{
    /// <summary>The first <c>&lt;answer&gt;(.*?)&lt;/answer&gt;</c> group, stripped; else the whole stripped response
    /// (as <c>accuracy_reward</c> in R1-Omni's <c>grpo.py</c> reads it).</summary>
    Answer,
    /// <summary><c>response.lstrip()</c>, exactly as the released evaluation scripts.</summary>
    Raw,
}
