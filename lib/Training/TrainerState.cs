using System.Text.Json;
using R1Omni.Runtime;

namespace R1Omni.Training;

/// <summary>
/// <c>trainer_state.json</c> of a checkpoint: the optimiser steps taken, where the data stream stands, the RNG
/// states and the last step's metrics. With the model, <see cref="TrainingOptimizer"/>'s state and the schedule it
/// is all a resumed run needs to continue exactly where the saved one stood.
/// </summary>
/// <param name="GlobalStep">Optimiser steps completed.</param>
/// <param name="TotalSteps">Optimiser steps the run was planned for (the schedule's length).</param>
/// <param name="Epoch">Fractional epochs completed (steps / steps per epoch), as HF logs it.</param>
/// <param name="DataEpoch">The epoch whose shuffled order the data stream is in.</param>
/// <param name="DataOffset">Samples of that order already consumed.</param>
/// <param name="TorchRngState">The CPU generator's state (base64), restored on resume.</param>
public sealed record TrainerState(int GlobalStep, int TotalSteps, double Epoch, int DataEpoch, int DataOffset, int Seed,
                                  string TorchRngState, StepMetrics? LastMetrics)
{
    public const string FileName = "trainer_state.json";

    public void Write(string folder)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, ConfigFile.Options) + "\n");
    }

    public static TrainerState Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new R1OmniException($"{folder}: no {FileName}; not a complete training checkpoint");
        try { return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), ConfigFile.Options) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new R1OmniException($"{path}: unreadable trainer state ({e.Message})", e); }
    }
}
