namespace R1Omni.Notebooks;

/// <summary>A cell that failed: its 1-based number among all cells, the start of its source and the kernel's error.</summary>
public sealed record NotebookCellError(int Cell, string Source, string Name, string Message)
{
    public override string ToString() => $"cell {Cell} ({Source}): {Name}: {Message}";
}
