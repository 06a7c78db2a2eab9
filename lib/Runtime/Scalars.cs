using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Omni.Runtime;

/// <summary>
/// Scalars that stay alive while libtorch reads them. TorchSharp passes a Scalar's native handle without keeping the
/// managed object alive, and frees the native value in the finalizer; a number converted implicitly
/// (<c>t.mul(0.5)</c>, <c>a + b</c>'s hidden alpha of 1) is garbage as soon as its handle is read, so a collection on
/// another thread can free it mid-call ("Exception raised from toFloat at c10/core/Scalar.h", or a wrong fill value).
/// The library therefore hands libtorch only Scalars that something holds: these process-lifetime ones, or one held
/// in a <c>using</c> local for values that change every step (a learning rate, a norm).
/// tests/Architecture/ScalarLifetimeTests keeps the library to this rule.
/// </summary>
public static class Scalars
{
    static readonly ConcurrentDictionary<long, Scalar> Floats = new();
    static readonly ConcurrentDictionary<long, Scalar> Integers = new();

    /// <summary>The integer 1: the alpha of a plain tensor sum (<c>a.add(b, One)</c> is torch's <c>a + b</c>).</summary>
    public static Scalar One { get; } = Of(1L);

    /// <summary>
    /// A floating-point Scalar that lives for the whole process, one per value. For constants of the code, the model
    /// and the configuration only — a value that changes every step would accumulate here.
    /// </summary>
    public static Scalar Of(double value) =>
        Floats.GetOrAdd(BitConverter.DoubleToInt64Bits(value), bits => BitConverter.Int64BitsToDouble(bits).ToScalar());

    /// <summary>An integer Scalar that lives for the whole process, one per value (integer arithmetic keeps integer
    /// tensors integral). Also for positions and sizes, which the context length bounds.</summary>
    public static Scalar Of(long value) => Integers.GetOrAdd(value, v => v.ToScalar());

    /// <summary>The value of a one-element tensor of any dtype as a double (TorchSharp's <c>ToDouble()</c> reads it
    /// through a temporary Scalar).</summary>
    public static double ToDouble(Tensor t)
    {
        using var s = t.ToScalar();
        return s.ToDouble();
    }
}
