namespace R1Omni.Prompts;

/// <summary>One item of list-style message content, as Qwen2-VL processors take it: text, or an image/video slot.</summary>
/// <param name="Text">The text of a <see cref="ChatContentType.Text"/> item; null for image and video items.</param>
public sealed record ChatContentItem(ChatContentType Type, string? Text = null)
{
    public static ChatContentItem OfText(string text) => new(ChatContentType.Text, text);
    public static ChatContentItem Image { get; } = new(ChatContentType.Image);
    public static ChatContentItem Video { get; } = new(ChatContentType.Video);
}
