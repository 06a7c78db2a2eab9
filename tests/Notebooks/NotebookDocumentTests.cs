using R1Omni.Notebooks;

namespace R1Omni.Tests.Notebooks;

public class NotebookDocumentTests
{
    // An executed notebook as nbconvert writes it: execution timestamps in the cell metadata, text split into lines.
    const string Executed = """
        {
         "cells": [
          {"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
          {"cell_type": "code", "execution_count": 1,
           "metadata": {"execution": {"iopub.execute_input": "2026-11-25T15:03:53.000000Z", "shell.execute_reply": "2026-11-25T15:03:54.500000Z"}},
           "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hello\n", "world\n"]},
                       {"output_type": "display_data", "data": {"text/html": ["<b>", "x</b>"], "image/png": "iVBOR"}, "metadata": {}}],
           "source": ["\n", "  var x = 1;\n", "x"]},
          {"cell_type": "code", "execution_count": 3, "metadata": {},
           "outputs": [{"output_type": "stream", "name": "stderr", "text": ["\n", "(2,1): error CS0246: The type or namespace name 'StringWriter' could not be found\n", "(3,5): warning CS0168: unused\n"]},
                       {"output_type": "error", "ename": "Error", "evalue": "compilation error", "traceback": []}],
           "source": ["var w = new StringWriter();"]},
          {"cell_type": "code", "execution_count": 2,
           "metadata": {"execution": {"iopub.execute_input": "2026-11-25T15:03:54.600000Z", "shell.execute_reply": "2026-11-25T15:03:54.850000Z"}},
           "outputs": [{"output_type": "error", "ename": "Error", "evalue": "System.Exception: boom\n   at Submission#4", "traceback": []}],
           "source": ["throw new Exception(\"boom\");"]}
         ],
         "metadata": {}, "nbformat": 4, "nbformat_minor": 5
        }
        """;

    static NotebookDocument Load()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "run.ipynb");
        File.WriteAllText(path, Executed);
        return NotebookDocument.Load(path);
    }

    [Fact]
    public void ReadsErrorsOutputsAndTimings()
    {
        var doc = Load();
        Assert.Equal(4, doc.CellCount);
        Assert.Equal([new NotebookCellError(3, "var w = new StringWriter();", "Error",
                          "compilation error: (2,1): error CS0246: The type or namespace name 'StringWriter' could not be found"),
                      new NotebookCellError(4, "throw new Exception(\"boom\");", "Error", "System.Exception: boom")], doc.Errors());
        Assert.StartsWith("hello\nworld\n", doc.StreamText());
        Assert.Equal(["<b>x</b>"], doc.OutputData("text/html"));
        Assert.Equal(["iVBOR"], doc.OutputData("image/png"));
        var timings = doc.Timings();
        Assert.Equal([2, 4], timings.Select(t => t.Cell));
        Assert.Equal("var x = 1;", timings[0].Source);
        Assert.Equal(1.5, timings[0].Seconds, 6);
        Assert.Equal(0.25, timings[1].Seconds, 6);
    }

    [Fact]
    public void NotANotebookIsAnErrorNamingTheFile()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "x.ipynb");
        File.WriteAllText(path, "{\"cells\": 3}");
        Assert.Contains($"{path}: not a notebook", Assert.Throws<R1OmniException>(() => NotebookDocument.Load(path)).Message);
    }
}
