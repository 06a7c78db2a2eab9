using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Omni.Models.Common;

/// <summary>The activations named by HF configs (<c>hidden_act</c>, <c>activation_function</c>) that the towers use.</summary>
public static class Activation
{
    static readonly Dictionary<string, Func<Tensor, Tensor>> ByName = new(StringComparer.Ordinal)
    {
        ["gelu"] = x => nn.functional.gelu(x),
        // HF's gelu_new is the tanh formula written out; PyTorch's tanh approximation is the same function.
        ["gelu_pytorch_tanh"] = x => nn.functional.gelu(x, GELU.Approximate.tanh),
        ["gelu_new"] = x => nn.functional.gelu(x, GELU.Approximate.tanh),
        ["relu"] = x => nn.functional.relu(x),
        ["silu"] = x => nn.functional.silu(x),
    };

    /// <summary>The function for a config value; <paramref name="field"/> names the config key for the error.</summary>
    public static Func<Tensor, Tensor> Resolve(string name, string field) =>
        ByName.TryGetValue(name, out var f) ? f
            : throw new R1OmniException($"config field '{field}' = '{name}' is not supported (expected one of: {string.Join(", ", ByName.Keys)})");
}
