namespace R1Omni.Prompts;

/// <summary>
/// HumanOmni's modality placeholders and their wrappers (<c>humanomni/constants.py</c>;
/// <c>tokenizer_multimodal_token</c> in <c>humanomni/mm_utils.py</c> splits on them). A placeholder is cut out of the
/// prompt and stands for the features of that modality through a negative id. The start/end wrappers are ordinary text
/// for the tokenizer, not special tokens.
/// </summary>
public static class ModalPlaceholders
{
    public const string Image = "<image>";
    public const string Video = "<video>";
    public const string Audio = "<audio>";

    public const int ImageIndex = -200;
    public const int VideoIndex = -201;
    public const int AudioIndex = -202;

    public const string ImageStart = "<im_start>", ImageEnd = "<im_end>";
    public const string VideoStart = "<vi_start>", VideoEnd = "<vi_end>";
    public const string AudioStart = "<au_start>", AudioEnd = "<au_end>";

    /// <summary><c>MODAL_INDEX_MAP</c> in its iteration order (audio, video, image), which tokenisation depends on.</summary>
    public static IReadOnlyList<(string Placeholder, int Index)> IndexMap { get; } =
        [(Audio, AudioIndex), (Video, VideoIndex), (Image, ImageIndex)];

    /// <summary>The placeholder between its start and end strings, e.g. "&lt;vi_start&gt;&lt;video&gt;&lt;vi_end&gt;".</summary>
    public static string Wrapped(string placeholder) => placeholder switch
    {
        Image => ImageStart + Image + ImageEnd,
        Video => VideoStart + Video + VideoEnd,
        Audio => AudioStart + Audio + AudioEnd,
        _ => throw new ArgumentException($"not a modality placeholder: {placeholder}", nameof(placeholder)),
    };
}
