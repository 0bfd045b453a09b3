using SimpleRpc.Hosting.Shell;

namespace SimpleRpc.Hosting.Tests.Shell;

[TestFixture]
[CancelAfter(10_000)]
public class CommandHistoryTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("simplerpc-history-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Add_PastCapacity_DropsOldest()
    {
        var history = new CommandHistory(capacity: 3);
        foreach (var line in new[] { "a", "b", "c", "d", "e" })
        {
            history.Add(line);
        }

        Assert.That(history.Entries, Is.EqualTo(new[] { "c", "d", "e" }));
    }

    [Test]
    public void Add_EmptyOrRepeatedLine_IsNotAdded()
    {
        var history = new CommandHistory();
        Assert.Multiple(() =>
        {
            Assert.That(history.Add("clients"), Is.True);
            Assert.That(history.Add("  clients "), Is.False);
            Assert.That(history.Add("   "), Is.False);
            Assert.That(history.Add("modules"), Is.True);
            Assert.That(history.Add("clients"), Is.True);
        });
        Assert.That(history.Entries, Is.EqualTo(new[] { "clients", "modules", "clients" }));
    }

    [Test]
    public void Ctor_CapacityBelowOne_Throws() =>
        Assert.That(() => new CommandHistory(capacity: 0), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void Add_WithFile_SavesBoundedAndNextHistoryLoadsIt()
    {
        var file = Path.Combine(_folder, "nested", "stub_history");
        var first = new CommandHistory(capacity: 3, file);
        foreach (var line in new[] { "a", "b", "c", "d" })
        {
            first.Add(line);
        }

        Assert.That(File.ReadAllLines(file), Is.EqualTo(new[] { "b", "c", "d" }));
        Assert.That(new CommandHistory(capacity: 3, file).Entries, Is.EqualTo(new[] { "b", "c", "d" }));
    }

    [Test]
    public void Ctor_FileLongerThanCapacity_KeepsNewest()
    {
        var file = Path.Combine(_folder, "server_history");
        File.WriteAllLines(file, ["one", "", "two", "two", "three", "four"]);
        Assert.That(new CommandHistory(capacity: 2, file).Entries, Is.EqualTo(new[] { "three", "four" }));
    }

    [Test]
    public void Add_FileCannotBeWritten_KeepsHistoryInMemory()
    {
        // A folder where the file should be: every write fails, the console goes on.
        var file = Path.Combine(_folder, "taken");
        Directory.CreateDirectory(file);
        var history = new CommandHistory(capacity: 5, file);
        Assert.That(history.Add("clients"), Is.True);
        Assert.That(history.Entries, Is.EqualTo(new[] { "clients" }));
    }

    [Test]
    public void Add_LoneSurrogate_SavesReplacementAndKeepsWorking()
    {
        var file = Path.Combine(_folder, "history");
        var history = new CommandHistory(file: file);
        Assert.That(history.Add("msg beta \ud83d"), Is.True);
        Assert.That(history.Add("clients"), Is.True);
        Assert.That(File.ReadAllLines(file), Is.EqualTo(new[] { "msg beta \ufffd", "clients" }));
        Assert.That(new CommandHistory(file: file).Entries, Is.EqualTo(history.Entries));
    }
}
