namespace R1Omni.Prompts;

/// <summary>One chat message: a role and either plain string content or a list of content items (never both).</summary>
public sealed record ChatMessage
{
    public string Role { get; }
    public string? Content { get; }
    public IReadOnlyList<ChatContentItem>? Items { get; }

    public ChatMessage(string role, string content)
    {
        Role = role;
        Content = content;
    }

    public ChatMessage(string role, IReadOnlyList<ChatContentItem> items)
    {
        Role = role;
        Items = items;
    }

    public static ChatMessage System(string content) => new("system", content);
    public static ChatMessage User(string content) => new("user", content);
    public static ChatMessage User(params ChatContentItem[] items) => new("user", items);
    public static ChatMessage Assistant(string content) => new("assistant", content);
}
