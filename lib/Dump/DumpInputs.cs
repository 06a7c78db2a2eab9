using static TorchSharp.torch;

namespace R1Omni.Dump;

/// <summary>The tensors of a dump inputs file, with checks whose errors name the file, the tensor and what was expected.</summary>
public sealed class DumpInputs(string sourcePath, IReadOnlyDictionary<string, Tensor> tensors)
{
    public string SourcePath { get; } = sourcePath;
    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    public Tensor Require(string name, ScalarType dtype, int rank) => Require(name, dtype, [rank]);

    /// <summary>A tensor of the given dtype whose rank is one of <paramref name="ranks"/>.</summary>
    public Tensor Require(string name, ScalarType dtype, int[] ranks)
    {
        if (!Tensors.TryGetValue(name, out var t))
            throw new R1OmniException($"{SourcePath}: missing input tensor '{name}' (have: {string.Join(", ", Tensors.Keys)})");
        if (!ranks.Contains((int)t.dim()))
            throw new R1OmniException($"{SourcePath}: '{name}' must have rank {string.Join(" or ", ranks)}, got shape [{string.Join(", ", t.shape)}]");
        if (t.dtype != dtype)
            throw new R1OmniException($"{SourcePath}: '{name}' must be {dtype}, got {t.dtype}");
        return t;
    }

    public void CheckIdRange(Tensor ids, string name, long vocab)
    {
        long min = ids.min().item<long>(), max = ids.max().item<long>();
        if (min < 0 || max >= vocab)
            throw new R1OmniException($"{SourcePath}: '{name}' holds ids in [{min}, {max}] but the vocabulary has {vocab} entries");
    }
}
