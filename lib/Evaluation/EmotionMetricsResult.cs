using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Analysis;
using R1Omni.Data;
using R1Omni.Runtime;

namespace R1Omni.Evaluation;

/// <summary>
/// WAR, UAR, per-class recall and the confusion matrix of one scoring run. Rates are percentages. Per-class arrays
/// follow <see cref="Labels"/>; confusion rows are true labels and its columns the labels plus "other".
/// </summary>
public sealed record EmotionMetricsResult
{
    public required int N { get; init; }
    /// <summary>Weighted average recall = accuracy over samples, in percent.</summary>
    public required double War { get; init; }
    /// <summary>Unweighted mean of the recalls of the classes present in the labels, in percent.</summary>
    public required double Uar { get; init; }
    /// <summary>The label set (confusion rows and columns).</summary>
    public required IReadOnlyList<string> Labels { get; init; }
    /// <summary>The labels that occur as true labels: the classes UAR averages over.</summary>
    public required IReadOnlyList<string> Classes { get; init; }
    public required IReadOnlyList<long> Support { get; init; }
    public required IReadOnlyList<long> Correct { get; init; }
    /// <summary>Recall per label in percent; null for labels absent from the true labels.</summary>
    public required IReadOnlyList<double?> Recall { get; init; }
    public required IReadOnlyList<IReadOnlyList<long>> Confusion { get; init; }
    /// <summary>Predictions outside the label set with their counts, most frequent first.</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> OutOfLabel { get; init; }
    /// <summary>"answer" or "raw" when scored from responses.</summary>
    public string? Mode { get; init; }
    /// <summary>The dataset the items come from, when known.</summary>
    public string? Source { get; init; }
    /// <summary>The synonym table applied to predictions, or null (the released scoring).</summary>
    public SynonymTable? Synonyms { get; init; }

    public IReadOnlyList<string> ConfusionColumns => [.. Labels, EmotionMetrics.OtherColumn];

    public IReadOnlyDictionary<string, double> PerClassRecall =>
        Labels.Select((l, i) => (l, r: Recall[i])).Where(x => x.r is not null).ToDictionary(x => x.l, x => x.r!.Value, StringComparer.Ordinal);

    /// <summary>One row per label: label, support, correct, recall (percent; missing for absent labels).</summary>
    public DataFrame PerClassFrame() => new(
        new StringDataFrameColumn("label", Labels),
        new Int64DataFrameColumn("support", Support),
        new Int64DataFrameColumn("correct", Correct),
        new DoubleDataFrameColumn("recall", Recall));

    /// <summary>Rows = true labels; columns = "true_label", then each label, then "other".</summary>
    public DataFrame ConfusionFrame()
    {
        var columns = new List<DataFrameColumn> { new StringDataFrameColumn("true_label", Labels) };
        for (int c = 0; c < Labels.Count + 1; c++)
            columns.Add(new Int64DataFrameColumn(ConfusionColumns[c], Confusion.Select(row => row[c])));
        return new DataFrame(columns);
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = ManifestJsonl.WriterOptions.Encoder }))
        {
            w.WriteStartObject();
            if (Source is not null) w.WriteString("source", Source);
            if (Mode is null) w.WriteNull("mode"); else w.WriteString("mode", Mode);
            w.WriteNumber("n", N);
            w.WriteNumber("war", War);
            w.WriteNumber("uar", Uar);
            w.WritePropertyName("labels");
            JsonSerializer.Serialize(w, Labels);
            w.WritePropertyName("classes");
            JsonSerializer.Serialize(w, Classes);
            w.WriteStartObject("per_class_recall");
            foreach (var (label, recall) in Labels.Zip(Recall)) if (recall is { } r) w.WriteNumber(label, r);
            w.WriteEndObject();
            w.WriteStartObject("support");
            foreach (var (label, s) in Labels.Zip(Support)) w.WriteNumber(label, s);
            w.WriteEndObject();
            w.WriteStartObject("confusion");
            w.WritePropertyName("rows");
            JsonSerializer.Serialize(w, Labels);
            w.WritePropertyName("columns");
            JsonSerializer.Serialize(w, ConfusionColumns);
            w.WritePropertyName("matrix");
            JsonSerializer.Serialize(w, Confusion);
            w.WriteEndObject();
            w.WriteStartObject("out_of_label");
            w.WriteNumber("count", OutOfLabel.Sum(kv => kv.Value));
            w.WriteStartObject("values");
            foreach (var (value, count) in OutOfLabel) w.WriteNumber(value, count);
            w.WriteEndObject();
            w.WriteEndObject();
            if (Synonyms is null) w.WriteNull("normalization");
            else
            {
                w.WriteStartObject("normalization");
                w.WriteString("rule", "lower-case, strip white space and trailing full stops, then map synonyms");
                w.WritePropertyName("synonyms");
                JsonSerializer.Serialize(w, Synonyms.Synonyms);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes metrics.json, per_class.csv and confusion.csv into <paramref name="dir"/>, each atomically.</summary>
    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, "metrics.json"), ToJson() + "\n");
        SaveCsv(PerClassFrame(), Path.Combine(dir, "per_class.csv"));
        SaveCsv(ConfusionFrame(), Path.Combine(dir, "confusion.csv"));
    }

    /// <summary>A frame as CSV (invariant culture), written atomically so that a failed write never leaves half a table.</summary>
    public static void SaveCsv(DataFrame frame, string path) =>
        AtomicFile.Write(path, (string temp) => DataFrame.SaveCsv(frame, temp, cultureInfo: CultureInfo.InvariantCulture));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Source ?? "?"}/{Mode ?? "-"}: n={N} WAR={War:F2} UAR={Uar:F2} out-of-label={OutOfLabel.Sum(kv => kv.Value)}");
}
