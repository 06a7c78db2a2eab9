namespace R1Omni.SynthEmo;

/// <summary>
/// A cold-start answer: <c>&lt;think&gt;…&lt;/think&gt;\n&lt;answer&gt;label&lt;/answer&gt;</c>. <see cref="Stated"/> holds the ten
/// cue levels the text asserts, in rationale order; <see cref="WrongCues"/> the keys of those that contradict the clip.
/// </summary>
public sealed record Rationale(string Text, IReadOnlyList<Enum> Stated, IReadOnlyList<string> WrongCues);
