using static TorchSharp.torch;

namespace R1Omni.Training;

/// <summary>The CPU torch generator's state as text, for checkpoints (data order does not depend on it: see <see cref="DataOrder"/>).</summary>
public static class RngState
{
    public static string Capture()
    {
        using var state = random.get_rng_state();
        return Convert.ToBase64String(state.data<byte>().ToArray());
    }

    public static void Restore(string base64)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        using var state = tensor(bytes, ScalarType.Byte);
        random.set_rng_state(state);
    }
}
