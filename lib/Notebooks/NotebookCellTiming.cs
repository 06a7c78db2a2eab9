namespace R1Omni.Notebooks;

/// <summary>How long a code cell ran (from the execution timestamps nbconvert records in the cell metadata).</summary>
public sealed record NotebookCellTiming(int Cell, string Source, double Seconds);
