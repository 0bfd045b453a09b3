namespace SimpleRpc.Server.Tests.Modules;

/// <summary>Torn or damaged module folders: LoadAll skips them (or drops only module.dll) and says why.</summary>
[TestFixture, CancelAfter(Timeout)]
public sealed class ModuleStoreReadingTests : ModuleStoreTestBase
{
    [Test]
    public void Save_WithAssembly_WritesManifestWithBothHashes()
    {
        var assembly = Bytes(300, 5);
        Store.Save(Module("z", 4, assembly));

        var manifest = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(ModuleFolder("z"), "manifest.json")));

        Assert.That(
            manifest.Properties().Select(p => p.Name),
            Is.EqualTo(new[] { "format", "name", "version", "checksum", "sourceSha256", "registeredBy", "registeredAt", "compilerVersion", "assemblySha256", "policyVersion", "proxySha256", "warnings" }));
        Assert.That((string?)manifest["name"], Is.EqualTo("z"));
        Assert.That((int?)manifest["version"], Is.EqualTo(4));
        Assert.That((string?)manifest["checksum"], Is.EqualTo("checksum-z-4"));
        Assert.That((string?)manifest["sourceSha256"], Is.EqualTo(Sha256(File.ReadAllBytes(Path.Combine(ModuleFolder("z"), "source.cs")))));
        Assert.That((string?)manifest["assemblySha256"], Is.EqualTo(Sha256(assembly)));
        Assert.That((string?)manifest["compilerVersion"], Is.EqualTo("5.12.0"));
    }

    [Test]
    public void LoadAll_ProxyPolicyAndWarnings_RoundTrip_CorruptProxyDropped()
    {
        Store.Save(Module("z", 1, Bytes(300, 5)) with { PolicyVersion = "p1", ProxySource = "partial class Z {}\n", Warnings = ["z.cs(1,1): warning CS0001: w"] });
        var loaded = Store.LoadAll().Single();
        Assert.That((loaded.PolicyVersion, loaded.ProxySource, loaded.Warnings), Is.EqualTo(("p1", "partial class Z {}\n", (IReadOnlyList<string>)["z.cs(1,1): warning CS0001: w"])).Using<(string?, string?, IReadOnlyList<string>?)>((a, b) => a.Item1 == b.Item1 && a.Item2 == b.Item2 && a.Item3!.SequenceEqual(b.Item3!)));

        File.WriteAllText(Path.Combine(ModuleFolder("z"), "proxy.cs"), "partial class Evil {}\n");
        var reloaded = Store.LoadAll().Single();
        Assert.That(reloaded.ProxySource, Is.Null, "a proxy that does not match its hash is dropped, so the module is compiled again");
        Assert.That(WarningsAbout("z"), Has.Some.Contains("proxy.cs does not match the manifest's hash"));
    }

    [Test]
    public void LoadAll_SourceChangedOnDisk_SkipsItWithWarning()
    {
        Store.Save(Module("torn"));
        Store.Save(Module("fine"));
        File.AppendAllText(Path.Combine(ModuleFolder("torn"), "source.cs"), "// edited");

        Assert.That(Store.LoadAll().Select(m => m.Name), Is.EqualTo(new[] { "fine" }));
        Assert.That(WarningsAbout("torn"), Has.Some.Contains("checksum"));
        Assert.That(WarningsAbout("fine"), Is.Empty);
    }

    [Test]
    public void LoadAll_SourceMissing_SkipsItWithWarning()
    {
        Store.Save(Module("torn"));
        File.Delete(Path.Combine(ModuleFolder("torn"), "source.cs"));

        Assert.That(Store.LoadAll(), Is.Empty);
        Assert.That(WarningsAbout("torn"), Has.Some.Contains("source.cs is missing"));
    }

    [Test]
    public void LoadAll_ManifestMissing_SkipsItWithWarning()
    {
        Store.Save(Module("torn"));
        File.Delete(Path.Combine(ModuleFolder("torn"), "manifest.json"));

        Assert.That(Store.LoadAll(), Is.Empty);
        Assert.That(WarningsAbout("torn"), Has.Some.Contains("manifest.json is missing"));
    }

    [TestCase("this is not json")]
    [TestCase("{\"name\":\"torn\",")]
    [TestCase("")]
    [TestCase("null")]
    [TestCase("[1, 2]")]
    [TestCase("{}")]
    [TestCase("{\"format\":1,\"name\":\"torn\",\"version\":\"two\"}")]
    [TestCase("{\"format\":1,\"name\":\"torn\",\"version\":99999999999}")]
    [TestCase("{\"format\":1,\"name\":\"torn\",\"registeredAt\":\"yesterday\"}")]
    [TestCase("{\"format\":2,\"name\":\"torn\"}")]
    [TestCase("{\"format\":1,\"name\":\"torn\"} trailing")]
    public void LoadAll_ManifestGarbage_SkipsItWithWarning(string manifest)
    {
        Store.Save(Module("torn"));
        Store.Save(Module("fine"));
        File.WriteAllText(Path.Combine(ModuleFolder("torn"), "manifest.json"), manifest);

        Assert.That(Store.LoadAll().Select(m => m.Name), Is.EqualTo(new[] { "fine" }));
        Assert.That(WarningsAbout("torn"), Has.Some.Contains("manifest.json"));
    }

    [Test]
    public void LoadAll_ManifestNotUtf8_SkipsItWithWarning()
    {
        Store.Save(Module("torn"));
        File.WriteAllBytes(Path.Combine(ModuleFolder("torn"), "manifest.json"), [0xFF, 0xFE, 0x7B, 0x00]);

        Assert.That(Store.LoadAll(), Is.Empty);
        Assert.That(WarningsAbout("torn"), Has.Some.Contains("manifest.json"));
    }

    [Test]
    public void LoadAll_AssemblyHashMismatch_KeepsModuleWithoutAssembly()
    {
        Store.Save(Module("z", assembly: Bytes(1000, 1)));
        File.WriteAllBytes(Path.Combine(ModuleFolder("z"), "module.dll"), Bytes(1000, 2));

        var loaded = Store.LoadAll().Single();

        Assert.That(loaded.Name, Is.EqualTo("z"));
        Assert.That(loaded.Source, Is.EqualTo(SampleSource));
        Assert.That(loaded.Assembly, Is.Null);
        Assert.That(WarningsAbout("z"), Has.Some.Contains("module.dll does not match"));
    }

    [Test]
    public void LoadAll_AssemblyNotInManifest_KeepsModuleWithoutAssembly()
    {
        Store.Save(Module("z"));
        File.WriteAllBytes(Path.Combine(ModuleFolder("z"), "module.dll"), Bytes(1000, 2));

        Assert.That(Store.LoadAll().Single().Assembly, Is.Null);
        Assert.That(WarningsAbout("z"), Has.Some.Contains("lists no module.dll"));
    }

    [Test]
    public void LoadAll_AssemblyMissing_KeepsModuleWithoutAssembly()
    {
        Store.Save(Module("z", assembly: Bytes(1000, 1)));
        File.Delete(Path.Combine(ModuleFolder("z"), "module.dll"));

        Assert.That(Store.LoadAll().Single().Assembly, Is.Null);
        Assert.That(WarningsAbout("z"), Has.Some.Contains("module.dll is missing"));
    }

    [Test]
    public void LoadAll_FolderNameDiffersFromManifest_SkipsItWithWarning()
    {
        Store.Save(Module("original"));
        Directory.Move(ModuleFolder("original"), ModuleFolder("renamed"));

        Assert.That(Store.LoadAll(), Is.Empty);
        Assert.That(WarningsAbout("renamed"), Has.Some.Contains("different module"));
    }

    [TestCase("not-an-identifier")]
    [TestCase("CON")]
    [TestCase("class")]
    public void LoadAll_FolderNameInvalid_SkipsItWithWarning(string folder)
    {
        Directory.CreateDirectory(Path.Combine(Root, folder));
        Store.Save(Module("fine"));

        Assert.That(Store.LoadAll().Select(m => m.Name), Is.EqualTo(new[] { "fine" }));
        Assert.That(WarningsAbout(folder), Has.Some.Contains("not a valid module name"));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
