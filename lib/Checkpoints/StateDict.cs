using R1Omni.Runtime;
using TorchSharp;

namespace R1Omni.Checkpoints;

/// <summary>Moves tensors between checkpoints and a module's parameters and persistent buffers, by name.</summary>
public static class StateDict
{
    /// <summary>
    /// Copies checkpoint tensors into the module in place (under no_grad, converted to each target's dtype).
    /// <paramref name="rename"/> maps a checkpoint key to a module key; null skips the key. Everything is checked
    /// before anything is copied, so a failed load leaves the module unchanged. Errors: a module key without a
    /// tensor (unless in <paramref name="optional"/>), a shape mismatch, a dtype of another family (integers where the
    /// module holds floats, see <see cref="SafetensorsDtypes.Incompatibility"/>), two checkpoint keys for one module key, and,
    /// when <paramref name="strict"/>, checkpoint keys that match no module key.
    /// </summary>
    public static LoadReport Load(torch.nn.Module module, CheckpointReader reader, Func<string, string?>? rename = null,
                                  bool strict = true, IReadOnlySet<string>? optional = null)
    {
        var targets = Targets(module).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var source = new Dictionary<string, string>(StringComparer.Ordinal); // module key -> checkpoint key
        var unexpected = new List<string>();
        foreach (string key in reader.Keys.Order(StringComparer.Ordinal))
        {
            string? moduleKey = rename is null ? key : rename(key);
            if (moduleKey is null) continue;
            if (!targets.ContainsKey(moduleKey)) { unexpected.Add(key); continue; }
            if (source.TryGetValue(moduleKey, out string? other))
                throw new R1OmniException($"{reader.Location}: checkpoint keys '{other}' and '{key}' both map to module key '{moduleKey}'");
            source.Add(moduleKey, key);
        }

        var absent = targets.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var required = absent.Where(k => optional is null || !optional.Contains(k)).ToList();
        if (required.Count > 0) throw MissingError(reader, required, rename);
        if (strict && unexpected.Count > 0)
            throw new R1OmniException($"{reader.Location}: {unexpected.Count} checkpoint tensor(s) match no module key: " +
                                      List(unexpected) + ". Map them with a rename (return null to skip a key) or load non-strictly.");
        foreach (var (moduleKey, key) in source)
        {
            var info = reader.Info(key);
            var target = targets[moduleKey];
            if (!info.Shape.SequenceEqual(target.shape))
                throw new R1OmniException($"{reader.Location}: shape mismatch for '{key}' -> module key '{moduleKey}': " +
                                          $"checkpoint {info.ShapeText}, module {TensorInfo.FormatShape(target.shape)}");
            if (SafetensorsDtypes.Incompatibility(info.Dtype, target.dtype) is { } why)
                throw new R1OmniException($"{reader.Location}: '{key}' -> module key '{moduleKey}' is {why}; " +
                                          "only conversions within a family are made. Re-export the checkpoint with the tensor's real dtype.");
        }

        using (torch.no_grad())
        {
            foreach (var (moduleKey, key) in source)
            {
                var target = targets[moduleKey];
                using var value = reader.Load(key, target.dtype);
                target.copy_(value);
            }
        }
        return new LoadReport(source.Keys.Order(StringComparer.Ordinal).ToList(), absent, unexpected);
    }

    /// <summary>Parameters and persistent buffers (live tensors, not copies) under their module names, mapped through <paramref name="rename"/> (null skips).</summary>
    public static IEnumerable<KeyValuePair<string, torch.Tensor>> Of(torch.nn.Module module, Func<string, string?>? rename = null)
    {
        foreach (var (key, tensor) in Targets(module))
        {
            string? name = rename is null ? key : rename(key);
            if (name is not null) yield return new(name, tensor);
        }
    }

    static IEnumerable<KeyValuePair<string, torch.Tensor>> Targets(torch.nn.Module module)
    {
        foreach (var (name, p) in module.named_parameters()) yield return new(name, p);
        foreach (var (name, b) in module.named_buffers(recurse: true, include_nonpersistent: false)) yield return new(name, b);
    }

    static R1OmniException MissingError(CheckpointReader reader, List<string> missing, Func<string, string?>? rename)
    {
        // Compare the first missing key with the module-side names of the checkpoint keys, but show the checkpoint keys.
        var byModuleName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in reader.Keys) byModuleName.TryAdd(rename?.Invoke(key) ?? key, key);
        var near = KeySuggestions.Near(missing[0], byModuleName.Keys).Select(m => byModuleName[m]).ToList();
        return new R1OmniException(
            $"{reader.Location}: no checkpoint tensor for module key(s) {List(missing)}." +
            (near.Count > 0 ? $" Checkpoint keys near '{missing[0]}': {string.Join(", ", near)}." : ""));
    }

    static string List(IReadOnlyList<string> keys, int max = 10) =>
        string.Join(", ", keys.Take(max).Select(k => $"'{k}'")) + (keys.Count > max ? $" and {keys.Count - max} more" : "");
}
