using R1Omni.Notebooks;

namespace R1Omni.Tests.Notebooks;

public class NotebookCatalogTests
{
    static string Folder()
    {
        string dir = TestPaths.NewTempDir();
        foreach (string name in new[] { "00-setup.ipynb", "01-data.ipynb", "02-inference.ipynb", "scratch.ipynb", "10-extra.ipynb" })
            File.WriteAllText(Path.Combine(dir, name), "{}");
        return dir;
    }

    [Fact]
    public void ResolvesNumbersNamesAndPaths()
    {
        string dir = Folder();
        Assert.Equal(["00-setup", "01-data", "02-inference", "10-extra"], NotebookCatalog.All(dir).Select(Path.GetFileNameWithoutExtension));
        Assert.Equal(NotebookCatalog.All(dir), NotebookCatalog.Resolve([], dir));
        Assert.Equal([Path.Combine(dir, "01-data.ipynb"), Path.Combine(dir, "02-inference.ipynb"), Path.Combine(dir, "00-setup.ipynb")],
                     NotebookCatalog.Resolve(["01", "02-inference", "00-setup.ipynb"], dir));
        Assert.Equal([Path.Combine(dir, "scratch.ipynb")], NotebookCatalog.Resolve([Path.Combine(dir, "scratch.ipynb")], dir));
    }

    [Fact]
    public void UnknownNamesListTheNotebooks()
    {
        var e = Assert.Throws<R1OmniException>(() => NotebookCatalog.Resolve(["07"], Folder()));
        Assert.Contains("notebook '07': not found", e.Message);
        Assert.Contains("00-setup, 01-data, 02-inference, 10-extra", e.Message);
        Assert.Contains("no numbered notebooks", Assert.Throws<R1OmniException>(() => NotebookCatalog.Resolve([], TestPaths.NewTempDir())).Message);
    }

    [Fact]
    public void TheRepositoryNotebooksAreNumbered()
    {
        var names = NotebookCatalog.All().Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Equal(["00-setup", "01-data", "02-inference"], names.Take(3));
    }
}
