namespace R1Omni.Models.HumanOmni;

/// <summary>Where the parts of a HumanOmni model come from, beyond what the checkpoint's config.json names.</summary>
public sealed record HumanOmniLoadOptions
{
    /// <summary>Overrides config.json's <c>mm_vision_tower</c> (a SigLIP folder).</summary>
    public string? VisionTower { get; init; }
    /// <summary>Overrides config.json's <c>mm_audio_tower</c> (a Whisper folder).</summary>
    public string? AudioTower { get; init; }
    /// <summary>
    /// A bert-base-uncased folder: its config.json sizes the gate's BERT and its vocab.txt tokenises the gate text;
    /// its weights are used only when the checkpoint lacks <c>model.bert_model.*</c>. Default: the checkpoint's
    /// <c>bert/</c> subfolder if present, else bert-base-uncased's sizes and the shipped vocabulary.
    /// </summary>
    public string? BertFolder { get; init; }
}
