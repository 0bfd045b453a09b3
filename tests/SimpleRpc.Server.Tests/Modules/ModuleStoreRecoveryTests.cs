namespace SimpleRpc.Server.Tests.Modules;

/// <summary>What a crash leaves behind: LoadAll, Save and Delete finish or roll back the interrupted work and clean up.</summary>
[TestFixture, CancelAfter(Timeout)]
public sealed class ModuleStoreRecoveryTests : ModuleStoreTestBase
{
    [Test]
    public void LoadAll_LeftoverTempAndDeletedEntries_RemovesThem()
    {
        Store.Save(Module("z"));
        File.WriteAllText(Path.Combine(Root, ".tmp-" + Guid.NewGuid().ToString("N")), "partial");
        File.WriteAllText(Path.Combine(ModuleFolder("z"), ".tmp-" + Guid.NewGuid().ToString("N")), "partial");
        var deleted = Path.Combine(Root, ".deleted-gone-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(deleted, "inner"));
        File.WriteAllText(Path.Combine(deleted, "inner", "source.cs"), "// half deleted");

        Assert.That(Store.LoadAll().Select(m => m.Name), Is.EqualTo(new[] { "z" }));
        Assert.That(HiddenEntries(), Is.Empty);
    }

    [Test]
    public void LoadAll_CrashBetweenSwapRenames_PromotesTheNewVersion()
    {
        Store.Save(Module("z", 1));
        var displaced = Hide("z", ".old-");
        PlantHidden(Module("z", 2, Bytes(64, 9)), ".new-");

        var loaded = Store.LoadAll().Single();

        Assert.That((loaded.Name, loaded.Version), Is.EqualTo(("z", 2)));
        Assert.That(loaded.Assembly, Is.EqualTo(Bytes(64, 9)));
        Assert.That(Directory.Exists(displaced), Is.False);
        Assert.That(HiddenEntries(), Is.Empty);
        Assert.That(WarningsAbout("z"), Is.Not.Empty);
    }

    [Test]
    public void LoadAll_CrashWhileStaging_KeepsTheOldVersion()
    {
        Store.Save(Module("z", 1));
        var staging = Path.Combine(Root, ".new-z-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, "source.cs"), "public static class Half");

        Assert.That(Store.LoadAll().Single().Version, Is.EqualTo(1));
        Assert.That(HiddenEntries(), Is.Empty);
    }

    [Test]
    public void LoadAll_CrashBeforeFirstSwapRename_KeepsTheOldVersion()
    {
        Store.Save(Module("z", 1));
        var staged = PlantHidden(Module("z", 2), ".new-");

        Assert.That(Store.LoadAll().Single().Version, Is.EqualTo(1));
        Assert.That(Directory.Exists(staged), Is.False);
        Assert.That(HiddenEntries(), Is.Empty);
    }

    [Test]
    public void LoadAll_DisplacedVersionAndTornStagedOne_PutsTheDisplacedOneBack()
    {
        Store.Save(Module("z", 3));
        Hide("z", ".old-");
        var staged = PlantHidden(Module("z", 4), ".new-");
        File.AppendAllText(Path.Combine(staged, "source.cs"), "// torn");

        Assert.That(Store.LoadAll().Single().Version, Is.EqualTo(3));
        Assert.That(HiddenEntries(), Is.Empty);
    }

    [Test]
    public void Save_AfterCrashBetweenSwapRenames_RecoversFirstThenReplaces()
    {
        Store.Save(Module("z", 1));
        Hide("z", ".old-");
        PlantHidden(Module("z", 2), ".new-");

        Store.Save(Module("z", 3));

        Assert.That(Store.LoadAll().Single().Version, Is.EqualTo(3));
        Assert.That(HiddenEntries(), Is.Empty);
    }

    [Test]
    public void Delete_AfterCrashBetweenSwapRenames_DeletesTheRecoveredModule()
    {
        Store.Save(Module("z", 1));
        Hide("z", ".old-");
        PlantHidden(Module("z", 2), ".new-");

        Assert.That(Store.Delete("z"), Is.True);
        Assert.That(Store.LoadAll(), Is.Empty);
        Assert.That(HiddenEntries(), Is.Empty);
    }

    [Test]
    public void LoadAll_HiddenFolderOfAnotherName_LeavesItAlone()
    {
        var foreign = Path.Combine(Root, ".git");
        Directory.CreateDirectory(foreign);

        Assert.That(Store.LoadAll(), Is.Empty);
        Assert.That(Directory.Exists(foreign), Is.True);
        Assert.That(Sink.Events.Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning), Is.Empty);
    }
}
