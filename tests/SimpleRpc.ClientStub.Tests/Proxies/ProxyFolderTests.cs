using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.Protocol.Messages;

namespace SimpleRpc.ClientStub.Tests.Proxies;

[CancelAfter(10_000)]
public sealed class ProxyFolderTests
{
    private const string ChecksumA = "2d9c30cba7a0a450911c8ea8a05d95951a2aa6d0602d5d8bab7a7f562a259763";
    private const string ChecksumB = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";

    private string _root = null!;
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "simplerpc-proxies-" + Guid.NewGuid().ToString("N"));
        _dir = Path.Combine(_root, "proxies");
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public void Ctor_MissingFolder_CreatesIt()
    {
        var folder = new ProxyFolder(_dir);

        Assert.That(Directory.Exists(_dir), Is.True);
        Assert.That(folder.Path, Is.EqualTo(Path.GetFullPath(_dir)));
        Assert.That(folder.Read(), Is.Empty);
    }

    [Test]
    public void Write_ThenRead_ReturnsNameVersionAndChecksum()
    {
        var folder = new ProxyFolder(_dir);

        folder.Write(Update("z", 1, ChecksumA));

        Assert.That(File.ReadAllText(Path.Combine(_dir, "z.cs")), Is.EqualTo(Source("z", 1, ChecksumA)));
        Assert.That(folder.Read(), Is.EqualTo(new Dictionary<string, (int, string)> { ["z"] = (1, ChecksumA) }));
    }

    [Test]
    public void Write_SameProxyAgain_WritesNothing()
    {
        var folder = new ProxyFolder(_dir);
        Assert.That(folder.Write(Update("z", 1, ChecksumA)), Is.True);
        var written = File.GetLastWriteTimeUtc(Path.Combine(_dir, "z.cs"));
        var changes = 0;
        folder.Changed += _ => changes++;

        Assert.That(folder.Write(Update("z", 1, ChecksumA)), Is.False);

        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(_dir, "z.cs")), Is.EqualTo(written));
        Assert.That(changes, Is.Zero, "an app's build sees no change");
    }

    [Test]
    public void Write_Existing_ReplacesItAndLeavesNoTempFiles()
    {
        var folder = new ProxyFolder(_dir);
        folder.Write(Update("z", 1, ChecksumA));

        folder.Write(Update("z", 2, ChecksumB));

        Assert.That(folder.Read(), Is.EqualTo(new Dictionary<string, (int, string)> { ["z"] = (2, ChecksumB) }));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "z.cs")), Is.EqualTo(Source("z", 2, ChecksumB)));
        Assert.That(Directory.GetFiles(_dir).Select(Path.GetFileName), Is.EqualTo(new[] { "z.cs" }), "no .tmp file is left behind");
    }

    [Test]
    public void Write_SeveralModules_ReadListsEach()
    {
        var folder = new ProxyFolder(_dir);

        folder.Write(Update("z", 3, ChecksumA));
        folder.Write(Update("Calc_2", 1, ChecksumB));

        Assert.That(folder.Read(), Is.EqualTo(new Dictionary<string, (int, string)> { ["z"] = (3, ChecksumA), ["Calc_2"] = (1, ChecksumB) }));
    }

    [Test]
    public void Write_And_Remove_RaiseChanged()
    {
        var folder = new ProxyFolder(_dir);
        var changes = new List<string>();
        folder.Changed += changes.Add;

        folder.Write(Update("z", 1, ChecksumA));
        folder.Remove("z");
        folder.Remove("z");

        Assert.That(changes, Is.EqualTo(new[] { "z", "z" }), "removing a missing proxy changes nothing");
    }

    [Test]
    public void Remove_Existing_DeletesFile()
    {
        var folder = new ProxyFolder(_dir);
        folder.Write(Update("z", 1, ChecksumA));
        folder.Write(Update("keep", 1, ChecksumB));

        folder.Remove("z");

        Assert.That(File.Exists(Path.Combine(_dir, "z.cs")), Is.False);
        Assert.That(folder.Read().Keys, Is.EqualTo(new[] { "keep" }));
    }

    [Test]
    public void Remove_Missing_DoesNothing()
    {
        var folder = new ProxyFolder(_dir);

        Assert.That(() => folder.Remove("absent"), Throws.Nothing);
    }

    [Test]
    public void Read_FilesWithoutAttribute_AreIgnored()
    {
        var folder = new ProxyFolder(_dir);
        folder.Write(Update("z", 1, ChecksumA));
        File.WriteAllText(Path.Combine(_dir, "Helpers.cs"), "namespace App; public static class Helpers { }\n");
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), Source("txt", 1, ChecksumA));
        File.WriteAllText(Path.Combine(_dir, "Upper.cs"), Source("upper", 1, ChecksumA.ToUpperInvariant()));

        Assert.That(folder.Read().Keys, Is.EqualTo(new[] { "z" }));
    }

    [Test]
    public void Read_VersionTooLargeForInt_SkipsTheFile()
    {
        var folder = new ProxyFolder(_dir);
        folder.Write(Update("z", 1, ChecksumA));
        File.WriteAllText(Path.Combine(_dir, "huge.cs"), Source("huge", 1, ChecksumA).Replace("Version = 1", "Version = 99999999999", StringComparison.Ordinal));

        Assert.That(folder.Read().Keys, Is.EqualTo(new[] { "z" }));
    }

    [TestCase("../escape")]
    [TestCase("..")]
    [TestCase("a/b")]
    [TestCase("a\\b")]
    [TestCase("/tmp/abs")]
    [TestCase("z.cs")]
    [TestCase("")]
    [TestCase("a b")]
    public void Write_UnsafeName_ThrowsAndWritesNothing(string name)
    {
        var folder = new ProxyFolder(_dir);

        Assert.That(() => folder.Write(Update(name, 1, ChecksumA)), Throws.ArgumentException);

        Assert.That(Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories), Is.EqualTo(new[] { _dir }));
        Assert.That(File.Exists(Path.Combine(Path.GetTempPath(), "abs.cs")), Is.False);
    }

    [TestCase("../proxies/z")]
    [TestCase("..")]
    [TestCase("a/z")]
    public void Remove_UnsafeName_ThrowsAndDeletesNothing(string name)
    {
        var folder = new ProxyFolder(_dir);
        folder.Write(Update("z", 1, ChecksumA));

        Assert.That(() => folder.Remove(name), Throws.ArgumentException);

        Assert.That(File.Exists(Path.Combine(_dir, "z.cs")), Is.True);
    }

    private static ProxyUpdate Update(string name, int version, string checksum) => new(name, version, checksum, Source(name, version, checksum));

    private static string Source(string name, int version, string checksum) => $$"""
        // <auto-generated/>
        #nullable enable
        namespace SimpleRpc.Proxies;

        [global::SimpleRpc.Client.RpcModule("{{name}}", Version = {{version}}, Checksum = "{{checksum}}")]
        public static partial class Z
        {
            public static partial int Add(int a, int b);
        }

        """;
}
