namespace R1Omni.Dump;

/// <summary>Every <see cref="IDumpTarget"/> in the library, looked up by model_type.</summary>
public static class DumpTargets
{
    public static IReadOnlyList<IDumpTarget> All { get; } = typeof(IDumpTarget).Assembly.GetTypes()
        .Where(t => typeof(IDumpTarget).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (IDumpTarget)Activator.CreateInstance(t)!)
        .ToList();

    public static IDumpTarget For(string modelType, string configPath) =>
        All.FirstOrDefault(t => t.ModelTypes.Contains(modelType))
        ?? throw new R1OmniException($"{configPath}: `dump` does not support model_type '{modelType}' (supported: {string.Join(", ", All.SelectMany(t => t.ModelTypes))})");
}
