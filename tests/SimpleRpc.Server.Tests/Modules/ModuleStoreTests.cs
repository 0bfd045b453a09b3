using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Tests.Modules;

[TestFixture, CancelAfter(Timeout)]
public sealed class ModuleStoreTests : ModuleStoreTestBase
{
    [Test]
    public void Ctor_MissingFolder_CreatesIt()
    {
        Assert.That(Directory.Exists(Root), Is.True);
        Assert.That(Store.RootDirectory, Is.EqualTo(Path.GetFullPath(Root)));
        Assert.That(Store.LoadAll(), Is.Empty);
    }

    [Test]
    public void Save_WithoutAssembly_LoadAllReturnsEveryField()
    {
        var module = Module("z");

        Store.Save(module);
        var loaded = new ModuleStore(Root, Log).LoadAll();

        Assert.That(loaded, Has.Count.EqualTo(1));
        Assert.That(loaded[0], Is.EqualTo(module));
        Assert.That(loaded[0].RegisteredAt.Offset, Is.EqualTo(SampleTime.Offset));
        Assert.That(File.ReadAllText(Path.Combine(ModuleFolder("z"), "source.cs")), Is.EqualTo(SampleSource));
        Assert.That(File.Exists(Path.Combine(ModuleFolder("z"), "module.dll")), Is.False);
        Assert.That(Sink.Events.Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning), Is.Empty);
    }

    [Test]
    public void Save_WithAssembly_LoadAllReturnsTheBytes()
    {
        var bytes = Bytes(10_000, 7);
        var module = Module("z", assembly: bytes);

        Store.Save(module);
        var loaded = Store.LoadAll().Single();

        Assert.That(loaded.Assembly, Is.EqualTo(bytes));
        Assert.That(loaded with { Assembly = null }, Is.EqualTo(module with { Assembly = null }));
        Assert.That(File.ReadAllBytes(Path.Combine(ModuleFolder("z"), "module.dll")), Is.EqualTo(bytes));
    }

    [Test]
    public void Save_SourceWithUnicode_RoundTripsExactly()
    {
        var module = Module("unicode", source: "// héllo ✓ 𝄞\r\npublic static class U { }");

        Store.Save(module);

        Assert.That(Store.LoadAll().Single().Source, Is.EqualTo(module.Source));
    }

    [Test]
    public void Save_Twice_SecondVersionReplacesFirstAndItsAssembly()
    {
        Store.Save(Module("z", 1, Bytes(100, 1)));

        Store.Save(Module("z", 2, source: "public static class Z2 { }"));
        var loaded = Store.LoadAll();

        Assert.That(loaded, Has.Count.EqualTo(1));
        Assert.That(loaded[0].Version, Is.EqualTo(2));
        Assert.That(loaded[0].Source, Is.EqualTo("public static class Z2 { }"));
        Assert.That(loaded[0].Assembly, Is.Null, "v1's module.dll must not survive a save of v2 without one");
        Assert.That(Directory.GetFiles(ModuleFolder("z")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "source.cs", "manifest.json" }));
    }

    [Test]
    public void Save_Any_LeavesNoTemporaryEntries()
    {
        Store.Save(Module("a"));
        Assert.That(HiddenEntries(), Is.Empty);
        Store.Save(Module("a", 2, Bytes(50, 2)));
        Assert.That(HiddenEntries(), Is.Empty);
        Store.Save(Module("b", 1, Bytes(50, 3)));
        Assert.That(HiddenEntries(), Is.Empty);
        Assert.That(Directory.GetDirectories(Root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public void Delete_StoredModule_RemovesItAndReturnsFalseTheSecondTime()
    {
        Store.Save(Module("a"));
        Store.Save(Module("b"));

        Assert.That(Store.Delete("a"), Is.True);
        Assert.That(Store.Delete("a"), Is.False);
        Assert.That(Store.LoadAll().Select(m => m.Name), Is.EqualTo(new[] { "b" }));
        Assert.That(Directory.GetFileSystemEntries(Root).Select(Path.GetFileName), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void Delete_NeverStored_ReturnsFalse()
    {
        Assert.That(Store.Delete("ghost"), Is.False);
    }

    [Test]
    public void LoadAll_SeveralModules_OrdersByOrdinalName()
    {
        foreach (var name in new[] { "zeta", "Beta", "alpha", "_under" })
        {
            Store.Save(Module(name));
        }

        Assert.That(Store.LoadAll().Select(m => m.Name), Is.EqualTo(new[] { "Beta", "_under", "alpha", "zeta" }));
    }

    [TestCase("../x")]
    [TestCase("a/b")]
    [TestCase("a\\b")]
    [TestCase("..")]
    [TestCase("CON")]
    [TestCase("nul")]
    [TestCase("lpt1")]
    [TestCase("Com9")]
    [TestCase("")]
    [TestCase(" ")]
    [TestCase("a\u0001b")]
    [TestCase("tab\t")]
    [TestCase("class")]
    [TestCase("1abc")]
    [TestCase("a-b")]
    [TestCase("a.b")]
    public void Save_InvalidName_ThrowsAndCreatesNothing(string name)
    {
        Assert.That(() => Store.Save(Module(name)), Throws.InstanceOf<ArgumentException>());
        Assert.That(() => Store.Delete(name), Throws.InstanceOf<ArgumentException>());
        Assert.That(Directory.GetFileSystemEntries(Root), Is.Empty);
        Assert.That(Directory.GetFileSystemEntries(Path.GetDirectoryName(Root)!), Has.Length.EqualTo(1));
    }

    [Test]
    public void Save_NameTooLong_ThrowsAndCreatesNothing()
    {
        Assert.That(() => Store.Save(Module(new string('a', 129))), Throws.ArgumentException);
        Assert.That(Directory.GetFileSystemEntries(Root), Is.Empty);
    }

    [Test]
    public void Save_UnpairedSurrogateInSource_ThrowsAndCreatesNothing()
    {
        Assert.That(() => Store.Save(Module("z", source: "// \uD800")), Throws.ArgumentException);
        Assert.That(Directory.GetFileSystemEntries(Root), Is.Empty);
    }

    [Test]
    public async Task Save_ConcurrentDifferentNames_AllLand()
    {
        // Two store objects over one root, as a host and a tool in the same process might have.
        var other = new ModuleStore(Root, Log);
        using var start = new ManualResetEventSlim();
        var saves = Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < 6; i++)
            {
                var store = (thread + i) % 2 == 0 ? Store : other;
                store.Save(Module("m" + thread + "_" + i, version: i + 1, assembly: i % 2 == 0 ? Bytes(4096, (byte)thread) : null));
            }
        })).ToList();

        start.Set();
        await Task.WhenAll(saves);
        var loaded = Store.LoadAll();

        Assert.That(loaded, Has.Count.EqualTo(48));
        Assert.That(loaded.Where(m => m.Version % 2 == 1).All(m => m.Assembly is { Length: 4096 }), Is.True);
        Assert.That(HiddenEntries(), Is.Empty);
        Assert.That(WarningsAbout("m0_0"), Is.Empty);
    }

    [Test]
    public void SaveAndDelete_StoreFolderReplacedByAFile_ModuleStoreExceptionWithoutPathFullErrorLogged()
    {
        Store.Save(Module("z"));
        Directory.Delete(Root, recursive: true);
        File.WriteAllText(Root, "a file where the store's folder should be");

        var save = Assert.Throws<ModuleStoreException>(() => Store.Save(Module("z", 2)))!;
        var delete = Assert.Throws<ModuleStoreException>(() => Store.Delete("z"))!;

        Assert.That(save.Message, Does.StartWith("Could not store module 'z' v2 on the server's disk: ").And.EndWith(" The server's log has the details."));
        Assert.That(delete.Message, Does.StartWith("Could not remove module 'z' from the server's disk: "));
        Assert.That(new[] { save.Message, delete.Message }, Has.None.Contains(Path.GetDirectoryName(Root)!));
        Assert.That(save.InnerException!.Message, Does.Contain(Root), "the inner exception keeps the detail");
        var errors = Sink.Events.Where(e => e.Level == Serilog.Events.LogEventLevel.Error).ToList();
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors.Select(e => e.RenderMessage()), Has.All.Contains(Root), "the log names the store's folder");
        Assert.That(errors.Select(e => e.Exception), Is.EqualTo(new[] { save.InnerException, delete.InnerException }));
    }
}
