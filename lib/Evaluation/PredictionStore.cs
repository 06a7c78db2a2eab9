using R1Omni.Data;
using R1Omni.Json;

namespace R1Omni.Evaluation;

/// <summary>
/// predictions.jsonl, written append-only and flushed after every item so that a killed evaluation loses at most the
/// line being written. Opening an existing file resumes it: its records (and so the ids already done) are loaded; an
/// incomplete last line left by a kill is reported, ignored and cut off so that appending continues cleanly. An item
/// recorded as an error is not done: a later run tries it again, and its new line supersedes the error.
/// </summary>
public sealed class PredictionStore : IDisposable
{
    readonly FileStream _stream;
    readonly List<PredictionRecord> _records;
    readonly HashSet<string> _done;
    readonly Dictionary<string, int> _at;

    public string Path { get; }
    public IReadOnlyList<PredictionRecord> Records => _records;
    public IReadOnlySet<string> DoneIds => _done;

    PredictionStore(string path, FileStream stream, List<PredictionRecord> records)
    {
        Path = path;
        _stream = stream;
        _records = records;
        _done = records.Where(r => r.Error is null).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        _at = records.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>Opens (creating when absent) a predictions file for appending; warnings go to <paramref name="log"/>.</summary>
    public static PredictionStore Open(string path, TextWriter? log = null)
    {
        string full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        FileStream stream;
        try { stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new R1OmniException($"{full}: cannot be opened for appending ({e.Message})", e);
        }
        try
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var (records, keep) = Parse(bytes, full, log);
            stream.SetLength(keep);
            stream.Position = keep;
            return new PredictionStore(full, stream, records);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The items recorded as errors (and not run successfully since).</summary>
    public int ErrorCount => _records.Count(r => r.Error is not null);

    /// <summary>Reads a predictions file without opening it for writing (e.g. to score it again).</summary>
    public static IReadOnlyList<PredictionRecord> ReadAll(string path, TextWriter? log = null) =>
        Parse(JsonFile.ReadAllBytes(path), path, log).Records;

    public bool IsDone(string id) => _done.Contains(id);

    public void Append(PredictionRecord record)
    {
        if (_done.Contains(record.Id)) throw new R1OmniException($"{Path}: a prediction for '{record.Id}' is already stored");
        ManifestJsonl.WriteLine(_stream, record.Write);
        _stream.Flush();
        Supersede(_records, _at, record);
        if (record.Error is null) _done.Add(record.Id);
    }

    /// <summary>Adds a record, replacing an earlier error record of its item (<paramref name="at"/>: each id's position).</summary>
    static void Supersede(List<PredictionRecord> records, Dictionary<string, int> at, PredictionRecord record)
    {
        if (at.TryGetValue(record.Id, out int earlier)) records[earlier] = record;
        else
        {
            at[record.Id] = records.Count;
            records.Add(record);
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>The records, and the byte length that ends with the last complete line (where appending resumes).</summary>
    static (List<PredictionRecord> Records, long Keep) Parse(byte[] bytes, string path, TextWriter? log)
    {
        var records = new List<PredictionRecord>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        int pos = JsonRecords.SkipBom(bytes), line = 0;
        long keep = pos;
        while (pos < bytes.Length)
        {
            int nl = bytes.AsSpan(pos).IndexOf((byte)'\n');
            int end = nl < 0 ? bytes.Length : pos + nl;
            var text = bytes.AsSpan(pos, end - pos);
            line++;
            if (nl < 0)
            {
                // A line without its newline is the one a kill interrupted: the record is only counted once the whole line is written.
                if (!text.Trim(" \t\r"u8).IsEmpty)
                    log?.WriteLine($"warning: {path}:{line}: incomplete last line (interrupted write?) ignored; that item will be run again");
                break;
            }
            pos = end + 1;
            keep = pos;
            if (text.Trim(" \t\r"u8).IsEmpty) continue;
            var record = PredictionRecord.Read(JsonRecords.ParseLine(text, path, line), $"{path}:{line}");
            if (done.Contains(record.Id)) throw new R1OmniException($"{path}:{line}: a second prediction for '{record.Id}'");
            if (record.Error is null) done.Add(record.Id);
            Supersede(records, at, record);
        }
        return (records, keep);
    }
}
