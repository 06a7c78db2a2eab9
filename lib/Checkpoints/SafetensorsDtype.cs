namespace R1Omni.Checkpoints;

/// <summary>The element types of the safetensors format that this workbench reads and writes (names as in the file).</summary>
public enum SafetensorsDtype { BOOL, U8, I8, I16, I32, I64, F16, BF16, F32, F64 }
