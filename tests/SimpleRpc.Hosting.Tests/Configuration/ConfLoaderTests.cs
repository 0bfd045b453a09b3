using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Hosting.Tests.Configuration;

[CancelAfter(10_000)]
public sealed class ConfLoaderTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "simplerpc-conf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Resolve_Name_ResolvesToNameDotJsonInFolder()
    {
        var expected = Write("conf2.json", "{}");

        Assert.That(ConfLoader.Resolve("conf2", "default", _dir), Is.EqualTo(expected));
    }

    [Test]
    public void Resolve_NoNameAndDefaultExists_ResolvesDefault()
    {
        var expected = Write("default.json", "{}");

        Assert.That(ConfLoader.Resolve(null, "default", _dir), Is.EqualTo(expected));
    }

    [Test]
    public void Resolve_ExplicitJsonPathOutsideFolder_UsesThatFile()
    {
        var elsewhere = Path.Combine(_dir, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        var path = Path.Combine(elsewhere, "custom.json");
        File.WriteAllText(path, "{}");

        Assert.That(ConfLoader.Resolve(path, "default", Path.Combine(_dir, "conf")), Is.EqualTo(Path.GetFullPath(path)));
    }

    [Test]
    public void Resolve_MissingNamedConf_ThrowsNamingThePath()
    {
        var ex = Assert.Throws<ConfException>(() => ConfLoader.Resolve("nope", "default", _dir));

        Assert.That(ex.Message, Does.Contain(Path.Combine(_dir, "nope.json")));
    }

    [Test]
    public void Resolve_MissingDefault_ReturnsNull()
    {
        Assert.That(ConfLoader.Resolve(null, "default", _dir), Is.Null);
    }

    [Test]
    public void Load_ValidFile_ReadsCamelCaseKeys()
    {
        var path = Write("stub.json", """{ "name": "alice", "port": 5050, "shell": true, "tags": ["a", "b"] }""");

        var conf = ConfLoader.Load<SampleConf>(path);

        Assert.That(conf.Name, Is.EqualTo("alice"));
        Assert.That(conf.Port, Is.EqualTo(5050));
        Assert.That(conf.Shell, Is.True);
        Assert.That(conf.Tags, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Load_NullPath_ReturnsDefaults()
    {
        var conf = ConfLoader.Load<SampleConf>(null);

        Assert.That(conf.Port, Is.EqualTo(1234));
        Assert.That(conf.Name, Is.EqualTo("stub"));
    }

    [Test]
    public void Load_UnknownKey_ThrowsNamingKeyAndFile()
    {
        var path = Write("typo.json", """{ "name": "alice", "prot": 5050 }""");

        var ex = Assert.Throws<ConfException>(() => ConfLoader.Load<SampleConf>(path));

        Assert.That(ex.Message, Does.Contain("prot"));
        Assert.That(ex.Message, Does.Contain(path));
    }

    [TestCase("""{ "port": "five" }""")]
    [TestCase("""{ "port": 99999999999 }""")]
    [TestCase("""{ "shell": "yes" }""")]
    [TestCase("""{ "tags": "a" }""")]
    public void Load_WrongType_Throws(string json)
    {
        var path = Write("wrong.json", json);

        var ex = Assert.Throws<ConfException>(() => ConfLoader.Load<SampleConf>(path));

        Assert.That(ex.Message, Does.Contain(path));
    }

    [Test]
    public void Load_NotJson_Throws()
    {
        var path = Write("broken.json", "{ name: ");

        Assert.That(() => ConfLoader.Load<SampleConf>(path), Throws.TypeOf<ConfException>());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return Path.GetFullPath(path);
    }

    public sealed class SampleConf
    {
        public string Name { get; set; } = "stub";

        public int Port { get; set; } = 1234;

        public bool Shell { get; set; }

        public List<string> Tags { get; set; } = [];
    }
}
