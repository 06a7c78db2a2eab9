namespace R1Omni.Prompts;

/// <summary>Which media an inference prompt refers to (the <c>modal</c> argument of <c>mm_infer</c>).</summary>
public enum PromptModality
{
    /// <summary>User content "&lt;video&gt;\n&lt;audio&gt;\n" + instruct: the setting of every released evaluation.</summary>
    VideoAudio,

    /// <summary>User content "&lt;video&gt;\n" + instruct: frames only.</summary>
    Video,

    /// <summary>User content "&lt;audio&gt;\n" + instruct: audio only.</summary>
    Audio,
}
