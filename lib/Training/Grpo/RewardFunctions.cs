namespace R1Omni.Training.Grpo;

/// <summary>
/// Finds reward functions by name among the <see cref="IRewardFunction"/> classes of the loaded assemblies (built-in:
/// <c>accuracy</c>, <c>format</c>, <c>accuracy_normalized</c>; user-defined ones the same way, see
/// <see cref="IRewardFunction"/>). R1-Omni uses <see cref="Default"/>.
/// </summary>
public static class RewardFunctions
{
    /// <summary>The reference's rewards, in its order: accuracy, then format.</summary>
    public static IReadOnlyList<string> Default { get; } = [AccuracyReward.RewardName, FormatReward.RewardName];

    /// <summary>Instantiates the named functions; <paramref name="where"/> (e.g. "config.json: rewards") prefixes errors.</summary>
    public static IReadOnlyList<IRewardFunction> Create(IReadOnlyList<string> names, string where)
    {
        if (names.Count == 0) throw new R1OmniException($"{where}: no reward functions listed (expected e.g. [\"accuracy\", \"format\"])");
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new R1OmniException($"{where}: reward '{duplicate.Key}' is listed twice");
        var available = Available();
        return names.Select(n => available.TryGetValue(n, out var make) ? make()
            : throw new R1OmniException($"{where}: unknown reward '{n}' (available: {string.Join(", ", available.Keys.Order(StringComparer.Ordinal))})")).ToList();
    }

    /// <summary>Name → factory for every instantiable reward class loaded now.</summary>
    public static IReadOnlyDictionary<string, Func<IRewardFunction>> Available()
    {
        var result = new Dictionary<string, Func<IRewardFunction>>(StringComparer.Ordinal);
        foreach (var type in AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic).SelectMany(LoadableTypes))
        {
            if (!typeof(IRewardFunction).IsAssignableFrom(type) || type.IsAbstract || type.IsInterface || type.GetConstructor(Type.EmptyTypes) is null) continue;
            var make = () => (IRewardFunction)Activator.CreateInstance(type)!;
            string name = make().Name;
            if (!result.TryAdd(name, make))
                throw new R1OmniException($"two reward classes are named '{name}' ({type.FullName} and another); reward names must be unique");
        }
        return result;
    }

    static IEnumerable<Type> LoadableTypes(System.Reflection.Assembly assembly)
    {
        try { return assembly.GetExportedTypes(); }
        catch (Exception e) when (e is System.Reflection.ReflectionTypeLoadException or NotSupportedException or FileNotFoundException) { return []; }
    }
}
