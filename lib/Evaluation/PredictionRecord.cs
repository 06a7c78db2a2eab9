using System.Globalization;
using System.Text.Json;
using R1Omni.Data;
using R1Omni.Json;
using R1Omni.Prompts;

namespace R1Omni.Evaluation;

/// <summary>
/// One line of predictions.jsonl: the item (id, video, source, label), the model's full response, the answer-mode
/// extraction of it (for reading; scoring re-extracts from <see cref="Response"/>), and timings; or, for an item whose
/// clip could not be used, the <see cref="Error"/> and an empty response.
/// </summary>
public sealed record PredictionRecord
{
    public required string Id { get; init; }
    public required string Video { get; init; }
    public required string Source { get; init; }
    public string? Label { get; init; }
    public required string Response { get; init; }
    public required string Answer { get; init; }
    /// <summary>This item's share of its batch's generation time.</summary>
    public double Seconds { get; init; }
    public double BatchSeconds { get; init; }
    public int BatchSize { get; init; }
    /// <summary>When the batch finished (UTC, ISO 8601).</summary>
    public string? FinishedAt { get; init; }
    /// <summary>Why the item has no response (e.g. its clip cannot be decoded); null for a prediction.</summary>
    public string? Error { get; init; }

    public static PredictionRecord For(ManifestItem item, string response, double batchSeconds, int batchSize, DateTime finishedUtc) => new()
    {
        Id = item.Id,
        Video = item.Video,
        Source = item.Source,
        Label = item.Label,
        Response = response,
        Answer = AnswerTag.Answer(response),
        Seconds = batchSeconds / batchSize,
        BatchSeconds = batchSeconds,
        BatchSize = batchSize,
        FinishedAt = finishedUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
    };

    /// <summary>The record of an item that could not be run: its error instead of a response.</summary>
    public static PredictionRecord Failed(ManifestItem item, string error, DateTime finishedUtc) =>
        For(item, "", 0, 1, finishedUtc) with { Error = error };

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteString("id", Id);
        w.WriteString("video", Video);
        w.WriteString("source", Source);
        if (Label is null) w.WriteNull("label"); else w.WriteString("label", Label);
        w.WriteString("response", Response);
        w.WriteString("answer", Answer);
        w.WriteNumber("seconds", Math.Round(Seconds, 4));
        w.WriteNumber("batch_seconds", Math.Round(BatchSeconds, 4));
        w.WriteNumber("batch_size", BatchSize);
        if (FinishedAt is not null) w.WriteString("finished_at", FinishedAt);
        if (Error is not null) w.WriteString("error", Error);
    }

    internal static PredictionRecord Read(JsonElement o, string where)
    {
        JsonFields.Expect(o, JsonValueKind.Object, where, what: "a prediction object");
        string response = JsonFields.RequiredString(o, "response", where);
        return new PredictionRecord
        {
            Id = JsonFields.RequiredString(o, "id", where),
            Video = JsonFields.OptionalString(o, "video", where) ?? "",
            Source = JsonFields.RequiredString(o, "source", where),
            Label = JsonFields.OptionalString(o, "label", where),
            Response = response,
            Answer = JsonFields.OptionalString(o, "answer", where) ?? AnswerTag.Answer(response),
            Seconds = Number(o, "seconds"),
            BatchSeconds = Number(o, "batch_seconds"),
            BatchSize = (int)Number(o, "batch_size"),
            FinishedAt = JsonFields.OptionalString(o, "finished_at", where),
            Error = JsonFields.OptionalString(o, "error", where),
        };
    }

    static double Number(JsonElement o, string key) =>
        o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
}
