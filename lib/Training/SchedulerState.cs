using System.Text.Json;

namespace R1Omni.Training;

/// <summary><c>scheduler.json</c> of a checkpoint: the schedule and how many of its steps were taken.</summary>
public sealed record SchedulerState(LrSchedule Schedule, int LastStep)
{
    public const string FileName = "scheduler.json";

    public void Write(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, ConfigFile.Options) + "\n");

    public static SchedulerState Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new R1OmniException($"{folder}: no {FileName}; not a complete training checkpoint");
        try { return JsonSerializer.Deserialize<SchedulerState>(File.ReadAllText(path), ConfigFile.Options) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new R1OmniException($"{path}: unreadable scheduler state ({e.Message})", e); }
    }
}
