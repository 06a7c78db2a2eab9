namespace R1Omni.Prompts;

/// <summary>The kind of one item of list-style message content (HF's <c>{"type": ...}</c>).</summary>
public enum ChatContentType
{
    Text,
    Image,
    Video,
}
