namespace R1Omni.Checkpoints;

/// <summary>One header entry: dtype, shape and the byte range [Begin, End) relative to the start of the data region.</summary>
public sealed record TensorInfo(string Name, SafetensorsDtype Dtype, long[] Shape, long Begin, long End)
{
    public long ByteLength => End - Begin;

    /// <summary>Product of the shape (1 for a 0-d scalar, 0 for an empty tensor).</summary>
    public long NumElements { get; } = Shape.Aggregate(1L, (n, d) => checked(n * d));

    public string ShapeText => FormatShape(Shape);

    public static string FormatShape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
