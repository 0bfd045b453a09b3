using SimpleRpc.Hosting.Shell;

namespace SimpleRpc.Hosting.Tests.Shell;

[TestFixture]
[CancelAfter(10_000)]
public class PathCompleterTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Directory.CreateTempSubdirectory("simplerpc-paths-").FullName;
        Directory.CreateDirectory(Path.Combine(_folder, "Modules"));
        Directory.CreateDirectory(Path.Combine(_folder, ".hidden"));
        File.WriteAllText(Path.Combine(_folder, "Modules", "z.cs"), string.Empty);
        File.WriteAllText(Path.Combine(_folder, "Modules", "zeta.cs"), string.Empty);
        File.WriteAllText(Path.Combine(_folder, "Modules", "zz.txt"), string.Empty);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Complete_FolderPrefix_GivesFolderWithSlash() =>
        Assert.That(PathCompleter.Complete(_folder + "/Mo", ".cs"), Is.EqualTo(new[] { _folder + "/Modules/" }));

    [Test]
    public void Complete_FilePrefix_GivesMatchingFilesWithExtensionOnly() =>
        Assert.That(PathCompleter.Complete(_folder + "/Modules/z", ".cs"), Is.EqualTo(new[] { _folder + "/Modules/z.cs", _folder + "/Modules/zeta.cs" }));

    [Test]
    public void Complete_EmptyName_SkipsHiddenEntries() =>
        Assert.That(PathCompleter.Complete(_folder + "/", ".cs"), Is.EqualTo(new[] { _folder + "/Modules/" }));

    [Test]
    public void Complete_MissingFolder_GivesNothing() =>
        Assert.That(PathCompleter.Complete(_folder + "/nope/x", ".cs"), Is.Empty);
}
