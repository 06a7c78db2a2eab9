using TorchSharp;

namespace R1Omni.Checkpoints;

/// <summary>Sizes, names and TorchSharp equivalents of <see cref="SafetensorsDtype"/>.</summary>
public static class SafetensorsDtypes
{
    /// <summary>The dtype names accepted in a header, for error messages.</summary>
    public static string Supported { get; } = string.Join(", ", Enum.GetNames<SafetensorsDtype>());

    public static int ElementSize(this SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.BOOL or SafetensorsDtype.U8 or SafetensorsDtype.I8 => 1,
        SafetensorsDtype.I16 or SafetensorsDtype.F16 or SafetensorsDtype.BF16 => 2,
        SafetensorsDtype.I32 or SafetensorsDtype.F32 => 4,
        SafetensorsDtype.I64 or SafetensorsDtype.F64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static torch.ScalarType ToScalarType(this SafetensorsDtype dtype) => dtype switch
    {
        SafetensorsDtype.BOOL => torch.ScalarType.Bool,
        SafetensorsDtype.U8 => torch.ScalarType.Byte,
        SafetensorsDtype.I8 => torch.ScalarType.Int8,
        SafetensorsDtype.I16 => torch.ScalarType.Int16,
        SafetensorsDtype.I32 => torch.ScalarType.Int32,
        SafetensorsDtype.I64 => torch.ScalarType.Int64,
        SafetensorsDtype.F16 => torch.ScalarType.Float16,
        SafetensorsDtype.BF16 => torch.ScalarType.BFloat16,
        SafetensorsDtype.F32 => torch.ScalarType.Float32,
        SafetensorsDtype.F64 => torch.ScalarType.Float64,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>The safetensors dtype of a TorchSharp scalar type; null for types the format (as used here) lacks.</summary>
    public static SafetensorsDtype? FromScalarType(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Bool => SafetensorsDtype.BOOL,
        torch.ScalarType.Byte => SafetensorsDtype.U8,
        torch.ScalarType.Int8 => SafetensorsDtype.I8,
        torch.ScalarType.Int16 => SafetensorsDtype.I16,
        torch.ScalarType.Int32 => SafetensorsDtype.I32,
        torch.ScalarType.Int64 => SafetensorsDtype.I64,
        torch.ScalarType.Float16 => SafetensorsDtype.F16,
        torch.ScalarType.BFloat16 => SafetensorsDtype.BF16,
        torch.ScalarType.Float32 => SafetensorsDtype.F32,
        torch.ScalarType.Float64 => SafetensorsDtype.F64,
        _ => null,
    };

    /// <summary>Whether values of this dtype are floating-point (F16, BF16, F32, F64).</summary>
    public static bool IsFloatingPoint(this SafetensorsDtype dtype) =>
        dtype is SafetensorsDtype.F16 or SafetensorsDtype.BF16 or SafetensorsDtype.F32 or SafetensorsDtype.F64;

    /// <summary>
    /// Null when a tensor stored as <paramref name="stored"/> may be loaded into a <paramref name="target"/> tensor (the
    /// same family: floating-point to floating-point, as bf16 checkpoints load into fp32 models; integers to integers;
    /// bool to bool); else why not. Across families a cast would turn a bit pattern into garbage without an error.
    /// </summary>
    public static string? Incompatibility(SafetensorsDtype stored, torch.ScalarType target)
    {
        static string Family(SafetensorsDtype? d) =>
            d is null ? "other" : d == SafetensorsDtype.BOOL ? "bool" : d.Value.IsFloatingPoint() ? "floating-point" : "integer";
        string from = Family(stored), to = Family(FromScalarType(target));
        return from == to ? null : $"stored as {stored} ({from}) where the model holds a {target} ({to}) tensor";
    }

    /// <summary>Parses a header dtype name exactly as written (e.g. "BF16"); null when unknown.</summary>
    public static SafetensorsDtype? Parse(string name) =>
        Enum.TryParse(name, ignoreCase: false, out SafetensorsDtype d) && name == d.ToString() ? d : null; // rejects "3", "bf16"
}
