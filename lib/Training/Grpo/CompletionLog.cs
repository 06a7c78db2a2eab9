using System.Text.Json.Nodes;

namespace R1Omni.Training.Grpo;

/// <summary>
/// <c>completions.jsonl</c> of a GRPO run: one line per sampled completion of the logged steps — step, item id, label,
/// the decoded text, each reward, the total, the advantage, the generated length and whether it was truncated —
/// to see what the policy writes as training goes.
/// </summary>
public sealed class CompletionLog : IDisposable
{
    public const string FileName = "completions.jsonl";
    readonly StreamWriter writer;

    public CompletionLog(string runDir) => writer = new StreamWriter(Path.Combine(runDir, FileName), append: true) { AutoFlush = true };

    public void Append(int step, GrpoRolloutBatch batch, IReadOnlyList<IRewardFunction> rewards)
    {
        foreach (var group in batch.Groups)
            for (int r = 0; r < group.Rows; r++)
            {
                var scores = new JsonObject();
                for (int f = 0; f < rewards.Count; f++) scores[rewards[f].Name] = group.RewardsByFunction[f][r];
                writer.WriteLine(new JsonObject
                {
                    ["step"] = step,
                    ["id"] = group.Item.Id,
                    ["label"] = group.Item.Label,
                    ["completion"] = group.Texts[r],
                    ["rewards"] = scores,
                    ["reward"] = group.Rewards[r],
                    ["advantage"] = group.Advantages[r],
                    ["length"] = group.Completions.Lengths[r],
                    ["truncated"] = group.Completions.Truncated[r],
                }.ToJsonString());
            }
    }

    /// <summary>The logged lines, parsed (none when the run logged no completions).</summary>
    public static IReadOnlyList<LoggedCompletion> Read(string runDir)
    {
        string path = Path.Combine(runDir, FileName);
        return File.Exists(path) ? File.ReadLines(path).Select((l, i) => (l, i)).Where(x => x.l.Length > 0).Select(x => Parse(x.l, $"{path}:{x.i + 1}")).ToList() : [];
    }

    static LoggedCompletion Parse(string line, string where)
    {
        try
        {
            var o = JsonNode.Parse(line) as JsonObject ?? throw new R1OmniException($"{where}: expected a JSON object");
            JsonNode Field(string key) => o[key] ?? throw new R1OmniException($"{where}: missing '{key}'");
            return new LoggedCompletion(Field("step").GetValue<int>(), Field("id").GetValue<string>(), o["label"]?.GetValue<string>(),
                                        Field("completion").GetValue<string>(), Field("rewards").AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<double>()),
                                        Field("reward").GetValue<double>(), Field("advantage").GetValue<double>(), Field("length").GetValue<int>(),
                                        Field("truncated").GetValue<bool>());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw new R1OmniException($"{where}: not a completion line ({e.Message})", e);
        }
    }

    /// <summary>Drops lines of steps after <paramref name="step"/>, which a resumed run logs again.</summary>
    public static void TruncateAfter(string runDir, int step) => StepLines.TruncateAfter(Path.Combine(runDir, FileName), step);

    public void Dispose() => writer.Dispose();
}
