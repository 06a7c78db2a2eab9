namespace R1Omni.Prompts;

/// <summary>The chat templates the workbench renders: the ones the released checkpoints' tokenizers carry.</summary>
public enum ChatTemplateKind
{
    /// <summary>Qwen2.5-Instruct: default system "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."
    /// (HumanOmni-0.5B, EMER-SFT, MAFW-DFEW-SFT).</summary>
    Qwen2_5,

    /// <summary>Qwen2-VL-Instruct: default system "You are a helpful assistant.", image/video items become vision tokens
    /// (the GRPO trainer's processor, so most likely R1-Omni-0.5B).</summary>
    Qwen2VL,
}
