namespace R1Omni.Data;

/// <summary>
/// One class of a dataset: the <paramref name="Key"/> its split files use (DFEW "4", MAFW "anger", RAVDESS "05"), its
/// official <paramref name="Name"/> and the R1-Omni <paramref name="Label"/> string the model is scored against.
/// </summary>
public sealed record LabelClass(string Key, string Name, string Label);
