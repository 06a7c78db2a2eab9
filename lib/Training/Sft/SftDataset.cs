using R1Omni.Data;

namespace R1Omni.Training.Sft;

/// <summary>The preprocessed training samples of an SFT run, from R1-Omni's conversation JSON or a workbench manifest.</summary>
public static class SftDataset
{
    /// <summary>
    /// Reads <paramref name="path"/>: <c>.jsonl</c> is a workbench manifest (<see cref="ManifestJsonl"/>), anything else
    /// R1-Omni's conversation list (<see cref="ConversationJson"/>) with videos relative to <paramref name="dataFolder"/>
    /// (default: the file's folder). Every item needs a conversation.
    /// </summary>
    public static IReadOnlyList<SftExample> Load(string path, string? dataFolder, SftPreprocessor preprocessor)
    {
        var manifest = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            ? ManifestJsonl.Read(path, dataFolder)
            : ConversationJson.Read(path, dataFolder ?? Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (manifest.Count == 0) throw new R1OmniException($"{path}: no training items");
        return manifest.Items.Select(item => preprocessor.Process(item.Id, item.Video, item.Conversations
            ?? throw new R1OmniException($"{path}: item '{item.Id}' has no 'conversations' (SFT needs a human question and a gpt answer)"))).ToList();
    }
}
