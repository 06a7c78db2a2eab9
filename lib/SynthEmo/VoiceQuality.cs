namespace R1Omni.SynthEmo;

/// <summary>Phonation: clear harmonics, breathy (aspiration noise, steep spectral tilt) or harsh (flat tilt, jitter).</summary>
public enum VoiceQuality { Clear, Breathy, Harsh }
