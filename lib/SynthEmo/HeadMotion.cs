namespace R1Omni.SynthEmo;

/// <summary>Head movement over the clip.</summary>
public enum HeadMotion { Still, Nod, Shake, Tremble, Droop, Recoil }
