using SimpleRpc.Server.Sessions;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Sessions;

[TestFixture]
[CancelAfter(10_000)]
public class NameBindingStoreTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("names-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Load_NoFile_NoBindings()
    {
        var store = new NameBindingStore(Path.Combine(_folder, "names.json"), CollectingSink.CreateLogger().Log);
        Assert.That(store.Load(new HashSet<string> { "abc" }), Is.Empty);
    }

    [Test]
    public void Save_ThenLoad_KeepsBindingsOfConfiguredKeysOnly()
    {
        var (log, sink) = CollectingSink.CreateLogger();
        var store = new NameBindingStore(Path.Combine(_folder, "names.json"), log);
        store.Save(() => new Dictionary<string, string> { ["alpha"] = "aaaaaaaaaaaa", ["beta"] = "bbbbbbbbbbbb" });

        var loaded = store.Load(new HashSet<string> { "aaaaaaaaaaaa" });

        Assert.That(loaded, Is.EqualTo(new Dictionary<string, string> { ["alpha"] = "aaaaaaaaaaaa" }));
        Assert.That(loaded.ContainsKey("ALPHA"), Is.True, "names compare without case, as the registry does");
        Assert.That(sink.Events.Select(e => e.RenderMessage()), Has.Some.Contains("Freed 1 client names"));
        Assert.That(File.Exists(Path.Combine(_folder, "names.json.tmp")), Is.False, "the temporary file was moved into place");
    }

    [Test]
    public void Save_Twice_LastStateWins()
    {
        var store = new NameBindingStore(Path.Combine(_folder, "names.json"), CollectingSink.CreateLogger().Log);
        store.Save(() => new Dictionary<string, string> { ["alpha"] = "aaaaaaaaaaaa" });
        store.Save(() => new Dictionary<string, string> { ["alpha"] = "aaaaaaaaaaaa", ["gamma"] = "aaaaaaaaaaaa" });
        Assert.That(store.Load(new HashSet<string> { "aaaaaaaaaaaa" }).Keys, Is.EquivalentTo(new[] { "alpha", "gamma" }));
    }

    [TestCase("{ not json")]
    [TestCase("[1, 2]")]
    public void Load_UnreadableFile_MovedAsideAndNothingRestored(string content)
    {
        var (log, sink) = CollectingSink.CreateLogger();
        var path = Path.Combine(_folder, "names.json");
        File.WriteAllText(path, content);
        var store = new NameBindingStore(path, log);

        Assert.That(store.Load(new HashSet<string> { "aaaaaaaaaaaa" }), Is.Empty);
        Assert.That(File.Exists(path), Is.False);
        Assert.That(File.ReadAllText(path + ".unreadable"), Is.EqualTo(content));
        Assert.That(sink.Events.Select(e => e.RenderMessage()), Has.Some.Contains("Could not read the name bindings"));
    }

    [Test]
    public void Load_InvalidNameInFile_Ignored()
    {
        var path = Path.Combine(_folder, "names.json");
        File.WriteAllText(path, """{"ok":"aaaaaaaaaaaa","bad name!":"aaaaaaaaaaaa"}""");
        var store = new NameBindingStore(path, CollectingSink.CreateLogger().Log);
        Assert.That(store.Load(new HashSet<string> { "aaaaaaaaaaaa" }).Keys, Is.EqualTo(new[] { "ok" }));
    }
}
