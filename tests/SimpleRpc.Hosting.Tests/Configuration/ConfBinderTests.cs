using System.Collections;
using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Hosting.Tests.Configuration;

[CancelAfter(10_000)]
public sealed class ConfBinderTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("simplerpc-binder-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Bind_ThreeLayers_EnvironmentOverFileAndCommandLineOverBoth()
    {
        var path = Write("""{ "port": 1, "name": "file", "inner": { "port": 10, "host": "h" } }""");
        var environment = Env(("SIMPLERPC_PORT", "2"), ("SIMPLERPC_NAME", "env"), ("SIMPLERPC_INNER__PORT", "20"));

        var conf = ConfBinder.Bind<Sample>(path, environment, [new("name", "line")]);

        Assert.That((conf.Port, conf.Name, conf.Inner!.Port, conf.Inner.Host), Is.EqualTo((2, "line", 20, "h")));
    }

    [Test]
    public void Bind_ListInFile_KeepsItsItems()
    {
        var conf = ConfBinder.Bind<Sample>(Write("""{ "tags": ["a", "b"], "items": [{ "port": 3 }] }"""), Env(), []);

        Assert.That(conf.Tags, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(conf.Items.Single().Port, Is.EqualTo(3));
    }

    [Test]
    public void Bind_NullEmptyListAndEmptyObject_MeanWhatTheFileSays()
    {
        var conf = ConfBinder.Bind<Sample>(Write("""{ "limit": null, "banned": [], "inner": {}, "name": null }"""), Env(), []);

        Assert.Multiple(() =>
        {
            Assert.That(conf.Limit, Is.Null, "null where the default is 31");
            Assert.That(conf.Banned, Is.Empty, "[] where the default is null");
            Assert.That(conf.Inner, Is.Not.Null, "{} where the default is null");
            Assert.That(conf.Name, Is.Null);
        });
    }

    [Test]
    public void Bind_NullInFileButSetInEnvironment_EnvironmentWins()
    {
        var conf = ConfBinder.Bind<Sample>(Write("""{ "limit": null }"""), Env(("SIMPLERPC_LIMIT", "5")), []);

        Assert.That(conf.Limit, Is.EqualTo(5));
    }

    [Test]
    public void Bind_UnknownKeyInFile_ThrowsNamingKeyFileAndNearestKey()
    {
        var path = Write("""{ "inner": { "prot": 5 } }""");

        var ex = Assert.Throws<ConfException>(() => ConfBinder.Bind<Sample>(path, Env(), []));

        Assert.That(ex!.Message, Does.Contain(path).And.Contain("'inner.prot'").And.Contain("Did you mean 'port'?"));
    }

    [Test]
    public void Bind_BadValueInEnvironment_ThrowsNamingTheVariableAndKey()
    {
        var ex = Assert.Throws<ConfException>(() => ConfBinder.Bind<Sample>(null, Env(("SIMPLERPC_INNER__PORT", "many")), []));

        Assert.That(ex!.Message, Does.Contain("environment variable SIMPLERPC_INNER__PORT").And.Contain("'inner.port' is 'many'"));
    }

    [Test]
    public void Bind_UnknownKeyInsideAKnownSectionOfTheEnvironment_Throws()
    {
        var ex = Assert.Throws<ConfException>(() => ConfBinder.Bind<Sample>(null, Env(("SIMPLERPC_INNER__PROT", "1")), []));

        Assert.That(ex!.Message, Does.Contain("SIMPLERPC_INNER__PROT").And.Contain("'INNER.PROT'"));
    }

    [Test]
    public void Bind_VariableNamingNoKeyOfThisProgramOrReserved_IsNotRead()
    {
        var conf = ConfBinder.Bind<Sample>(null, Env(("SIMPLERPC_APPPORT", "1"), ("SIMPLERPC_HISTORY", "off"), ("OTHER_PORT", "9")), []);

        Assert.That(conf.Port, Is.EqualTo(1234));
    }

    [TestCase("""{ "port": "five" }""", "'port' is 'five'")]
    [TestCase("""{ "port": 99999999999 }""", "'port' is '99999999999'")]
    [TestCase("""{ "tags": "a" }""", "'tags' takes a list")]
    [TestCase("""{ "port": { "a": 1 } }""", "'port' takes a single value")]
    [TestCase("""{ "inner": 5 }""", "'inner' takes an object")]
    public void Bind_WrongTypeInFile_ThrowsNamingTheKey(string json, string expected)
    {
        var path = Write(json);

        var ex = Assert.Throws<ConfException>(() => ConfBinder.Bind<Sample>(path, Env(), []));

        Assert.That(ex!.Message, Does.Contain(path).And.Contain(expected));
    }

    [Test]
    public void Bind_UnknownKeyOnTheCommandLineLayer_ThrowsNamingTheCommandLine()
    {
        var ex = Assert.Throws<ConfException>(() => ConfBinder.Bind<Sample>(null, Env(), [new("nope", "1")]));

        Assert.That(ex!.Message, Does.StartWith("the command line: unknown key 'nope'"));
    }

    private static Hashtable Env(params (string Name, string Value)[] variables)
    {
        var environment = new Hashtable();
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "conf.json");
        File.WriteAllText(path, json);
        return path;
    }

    public sealed class Sample
    {
        public int Port { get; set; } = 1234;

        public string? Name { get; set; } = "default";

        public int? Limit { get; set; } = 31;

        public List<string>? Banned { get; set; }

        public List<string> Tags { get; set; } = [];

        public List<Inner> Items { get; set; } = [];

        public Inner? Inner { get; set; }
    }

    public sealed class Inner
    {
        public int Port { get; set; }

        public string Host { get; set; } = "127.0.0.1";
    }
}
