namespace R1Omni.Data;

/// <summary>Which half of an official k-fold split file to read.</summary>
public enum DatasetSplit
{
    Train,
    Test,
}
