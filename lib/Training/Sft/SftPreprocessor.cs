using R1Omni.Data;
using R1Omni.Prompts;
using R1Omni.Runtime;
using R1Omni.Tokenizers;

namespace R1Omni.Training.Sft;

/// <summary>
/// <c>humanomni/train_humanomni.py</c>'s per-sample text path (<c>preprocess_multimodal</c>, then <c>preprocess</c> for
/// the template and the label mask, and the BERT gate text): a human turn with <c>&lt;video&gt;</c> but no
/// <c>&lt;audio&gt;</c> gets one; every turn's placeholders are moved to the front and wrapped
/// (<see cref="R1OmniPrompts.SftUserTurn"/>); the conversation is rendered with the checkpoint's chat template (no
/// generation prompt) and tokenised with placeholders; labels keep only each assistant content +
/// <c>&lt;|im_end|&gt;</c> + <c>\n</c>; ids and labels are truncated to <c>model_max_length</c> before the features are
/// spliced in. The gate reads the processed first user turn less <c>&lt;image&gt;</c>, newlines and
/// <c>&lt;video&gt;</c>. A single <paramref name="modality"/> replaces the first human turn's placeholders by that
/// modality's alone (<see cref="R1OmniPrompts.SftHumanValue(string, PromptModality)"/>). A <paramref name="qwen2VlShare"/>
/// of the samples (chosen by their id) are rendered as GRPO's conversations are instead (see <see cref="SftConfig.Qwen2VlShare"/>).
/// </summary>
public sealed class SftPreprocessor(Qwen2Tokenizer tokenizer, ChatTemplate template, int maxLength, PromptModality modality = PromptModality.VideoAudio,
                                    double qwen2VlShare = 0)
{
    static readonly ChatTemplate Qwen2Vl = ChatTemplate.For(ChatTemplateKind.Qwen2VL);

    public const long IgnoreIndex = -100;

    public int MaxLength => maxLength;

    public SftExample Process(string id, string video, IReadOnlyList<ConversationTurn> turns)
    {
        if (turns.Count < 2 || turns[0].From != ConversationTurn.Human)
            throw new R1OmniException($"item '{id}': a conversation starts with a human turn followed by a gpt turn");
        bool grpoStyle = qwen2VlShare > 0 && (SplitMix64.Mix(Fnv(id)) >> 11) * (1.0 / (1UL << 53)) < qwen2VlShare;
        var chat = grpoStyle ? Qwen2Vl : template;
        string firstTurn = R1OmniPrompts.SftUserTurn(FirstHumanValue(turns[0].Value));
        var messages = turns.Select((t, i) => t.From switch
        {
            ConversationTurn.Human when i == 0 && grpoStyle => ChatMessage.User(ChatContentItem.Video, ChatContentItem.OfText(firstTurn)),
            ConversationTurn.Human => ChatMessage.User(i == 0 ? firstTurn : R1OmniPrompts.SftUserTurn(t.Value)),
            ConversationTurn.Gpt => ChatMessage.Assistant(R1OmniPrompts.SftUserTurn(t.Value)),
            _ => throw new R1OmniException($"item '{id}': conversations[{i}].from is '{t.From}', expected 'human' or 'gpt'"),
        }).ToList();

        long[] ids = Tokenize(chat.Render(messages, addGenerationPrompt: false));
        long[] labels = (long[])ids.Clone();
        int cur = 0;
        for (int k = 0; k < messages.Count; k++)
        {
            if (messages[k].Role != "assistant") continue;
            // Mask from the end of the previous assistant turn through this turn's "<|im_start|>assistant\n" header.
            int end = PrefixLength(chat, ids, messages.Take(k).ToList(), addGenerationPrompt: true, id);
            Array.Fill(labels, IgnoreIndex, cur, end - cur);
            cur = PrefixLength(chat, ids, messages.Take(k + 1).ToList(), addGenerationPrompt: false, id);
        }
        Array.Fill(labels, IgnoreIndex, cur, labels.Length - cur);
        for (int i = 0; i < ids.Length; i++)
            if (ids[i] < 0) labels[i] = IgnoreIndex;       // placeholders are never targets (their rows get −100 when spliced)

        int n = Math.Min(ids.Length, maxLength);
        return new SftExample(id, video, ids[..n], labels[..n], R1OmniPrompts.SftGateText(firstTurn));
    }

    string FirstHumanValue(string value) =>
        modality == PromptModality.VideoAudio ? WithAudio(value) : R1OmniPrompts.SftHumanValue(value, modality);

    /// <summary>As <c>train_humanomni.py</c> does for audio-visual data: a human value with "&lt;video&gt;" but no
    /// "&lt;audio&gt;" gets "\n&lt;audio&gt;" after its "&lt;video&gt;\n".</summary>
    public static string WithAudio(string humanValue)
    {
        const string video = ModalPlaceholders.Video + "\n";
        if (humanValue.Contains(ModalPlaceholders.Audio, StringComparison.Ordinal)) return humanValue;
        int at = humanValue.IndexOf(video, StringComparison.Ordinal);
        return at < 0 ? humanValue : humanValue.Insert(at + video.Length, "\n" + ModalPlaceholders.Audio);
    }

    long[] Tokenize(string text) => MultimodalTokenizer.Ids(text, tokenizer);

    // The token length of a rendered prefix of the conversation, checked to be a prefix of the full ids: the chat
    // template's turns end in special tokens, so no BPE merge crosses a turn boundary.
    int PrefixLength(ChatTemplate chat, long[] full, IReadOnlyList<ChatMessage> prefix, bool addGenerationPrompt, string id)
    {
        long[] ids = Tokenize(chat.Render(prefix, addGenerationPrompt));
        if (ids.Length > full.Length || !ids.AsSpan().SequenceEqual(full.AsSpan(0, ids.Length)))
            throw new R1OmniException($"item '{id}': the tokens of the conversation's first {prefix.Count} turn(s) are not a prefix of the whole conversation's tokens");
        return ids.Length;
    }

    // FNV-1a of the id: a stable per-sample draw (string.GetHashCode differs between processes).
    static ulong Fnv(string id)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in id) h = unchecked((h ^ c) * 1099511628211UL);
        return h;
    }
}
