namespace R1Omni.SynthEmo;

/// <summary>Brow position and angle of the drawn face.</summary>
public enum BrowPose { Relaxed, Raised, Furrowed, InnerRaised }
