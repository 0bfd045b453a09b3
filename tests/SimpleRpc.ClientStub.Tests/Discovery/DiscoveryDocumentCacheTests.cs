using Newtonsoft.Json.Linq;
using SimpleRpc.ClientStub.Discovery;
using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.Protocol.Messages;

namespace SimpleRpc.ClientStub.Tests.Discovery;

[TestFixture]
[CancelAfter(30_000)]
public sealed class DiscoveryDocumentCacheTests
{
    private string _dir = null!;
    private ProxyFolder _folder = null!;
    private DiscoveryDocumentCache _cache = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "simplerpc-discovery-" + Guid.NewGuid().ToString("N"));
        _folder = new ProxyFolder(_dir);
        _cache = new DiscoveryDocumentCache(_folder);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void GetJson_EmptyFolder_ListsNoMethods()
    {
        var document = JObject.Parse(_cache.GetJson("alpha", "127.0.0.1:1"));

        Assert.That(document["methods"], Is.Empty);
        Assert.That((string)document["info"]!["title"]!, Is.EqualTo("SimpleRpc modules via alpha"));
    }

    [Test]
    public void GetJson_Unchanged_ReturnsTheCachedTextWithoutRebuilding()
    {
        Write("z");
        var first = _cache.GetJson("alpha", "127.0.0.1:1");

        var second = _cache.GetJson("alpha", "127.0.0.1:1");

        Assert.That(second, Is.SameAs(first));
        Assert.That(_cache.Builds, Is.EqualTo(1));
    }

    [Test]
    public void GetJson_AfterWriteAndRemove_ReflectsTheFolder()
    {
        Write("z");
        Assert.That(Methods(), Does.Contain("z.Add"));

        Write("geometry");
        Assert.That(Methods(), Does.Contain("z.Add").And.Contain("geometry.Distance"));

        _folder.Remove("z");
        Assert.That(Methods(), Does.Not.Contain("z.Add").And.Contain("geometry.Distance"));
        Assert.That(_cache.Builds, Is.EqualTo(3));
    }

    [Test]
    public void GetJson_SameProxyWrittenAgain_RereadsButDoesNotRebuild()
    {
        Write("z");
        var first = _cache.GetJson("alpha", "127.0.0.1:1");

        Write("z");

        Assert.That(_cache.GetJson("alpha", "127.0.0.1:1"), Is.SameAs(first));
        Assert.That(_cache.Builds, Is.EqualTo(1));
    }

    [Test]
    public void GetJson_ForeignFile_IsLeftOut()
    {
        Write("z");
        File.WriteAllText(Path.Combine(_dir, "notes.cs"), "class Notes { }");
        File.WriteAllText(Path.Combine(_dir, "broken.cs"), "[global::SimpleRpc.Client.RpcModule(\"broken\", Version = 1, Checksum = \"00\")] public static partial class {");

        Assert.That(Methods(), Is.EqualTo(SampleProxies.FunctionNames("z").Select(f => "z." + f)));
    }

    [Test]
    public void GetJson_RenamedStub_RebuildsTheTitle()
    {
        Write("z");
        _cache.GetJson("alpha", "127.0.0.1:1");

        var renamed = JObject.Parse(_cache.GetJson("alpha-2", "127.0.0.1:1"));

        Assert.That((string)renamed["info"]!["title"]!, Is.EqualTo("SimpleRpc modules via alpha-2"));
    }

    private void Write(string module)
    {
        var proxy = ProxySyntaxReader.Read(SampleProxies.Source(module))!;
        _folder.Write(new ProxyUpdate(proxy.Name, proxy.Version, proxy.Checksum, SampleProxies.Source(module)));
    }

    private List<string> Methods() =>
        JObject.Parse(_cache.GetJson("alpha", "127.0.0.1:1"))["methods"]!.Select(m => (string)m["name"]!).ToList();
}
