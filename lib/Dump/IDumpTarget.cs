using static TorchSharp.torch;

namespace R1Omni.Dump;

/// <summary>
/// One kind of model (by config.json's model_type) that `r1omni dump` can run on named input tensors, writing named
/// output tensors for comparison with the Python reference.
/// </summary>
public interface IDumpTarget
{
    /// <summary>config.json model_type values this target handles.</summary>
    IReadOnlyList<string> ModelTypes { get; }
    /// <summary>Required input names with a description of dtype and shape, for errors and help.</summary>
    IReadOnlyDictionary<string, string> Inputs { get; }
    IReadOnlyList<string> Outputs { get; }
    Dictionary<string, Tensor> Run(string modelDir, DumpInputs inputs, ScalarType dtype, Device device);
}
