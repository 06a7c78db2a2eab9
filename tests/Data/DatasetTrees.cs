namespace R1Omni.Tests.Data;

/// <summary>Synthetic copies of the official dataset folder layouts (split files exactly as released, tiny clip files).</summary>
public static class DatasetTrees
{
    public static void WriteClip(string path, int bytes = 16)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes].Select((_, i) => (byte)(i + 1)).ToArray());
    }

    public static void WriteText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>DFEW: EmoLabel_DataSplit/test(single-labeled)/set_1.csv (CRLF, as the release) and Clip/original/NNNNN.mp4.</summary>
    public static string Dfew(params (int Clip, int Label)[] rows)
    {
        string root = TestPaths.NewTempDir();
        WriteText(Path.Combine(root, "EmoLabel_DataSplit", "test(single-labeled)", "set_1.csv"),
                  "video_name,label\r\n" + string.Concat(rows.Select(r => $"{r.Clip},{r.Label}\r\n")));
        foreach (var r in rows) WriteClip(Path.Combine(root, "Clip", "original", $"{r.Clip:D5}.mp4"));
        return root;
    }

    /// <summary>MAFW: split/single/no_caption/set_2/train.txt and data/clips/NNNNN.mp4.</summary>
    public static string Mafw(params (string Clip, string Word)[] rows)
    {
        string root = TestPaths.NewTempDir();
        WriteText(Path.Combine(root, "split", "single", "no_caption", "set_2", "train.txt"),
                  string.Concat(rows.Select(r => $"{r.Clip} {r.Word}\n")));
        foreach (var r in rows) WriteClip(Path.Combine(root, "data", "clips", r.Clip));
        return root;
    }

    /// <summary>RAVDESS: Actor_NN/MM-VV-EE-II-SS-RR-AA.mp4 (audio-only modality 03 as .wav).</summary>
    public static string Ravdess(params string[] codes)
    {
        string root = TestPaths.NewTempDir();
        foreach (string code in codes)
        {
            string ext = code.StartsWith("03-", StringComparison.Ordinal) ? ".wav" : ".mp4";
            WriteClip(Path.Combine(root, $"Actor_{code[^2..]}", code + ext));
        }
        return root;
    }
}
