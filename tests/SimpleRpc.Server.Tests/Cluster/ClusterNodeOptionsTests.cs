using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Server.Cluster;

namespace SimpleRpc.Server.Tests.Cluster;

[CancelAfter(10_000)]
public sealed class ClusterNodeOptionsTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("simplerpc-cluster-conf-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Load_ClusterSection_BindsIdRedisAndSiloPort()
    {
        var options = Load("""{ "cluster": { "id": "prod", "redis": "10.0.0.5:6379", "siloPort": 11111 } }""");

        Assert.That(options.Cluster, Is.Not.Null);
        Assert.That(options.Cluster!.Id, Is.EqualTo("prod"));
        Assert.That(options.Cluster.Redis, Is.EqualTo("10.0.0.5:6379"));
        Assert.That(options.Cluster.SiloPort, Is.EqualTo(11111));
    }

    [Test]
    public void Load_NoClusterSection_RunsAlone()
    {
        Assert.That(Load("""{ "port": 0 }""").Cluster, Is.Null);
    }

    [Test]
    public void Load_UnknownKeyInCluster_IsAnError()
    {
        var ex = Assert.Throws<ConfException>(() => Load("""{ "cluster": { "id": "prod", "redis": "r:1", "membership": "x" } }"""));

        Assert.That(ex!.Message, Does.Contain("membership"));
    }

    [TestCase(null, "r:6379", "127.0.0.1", "cluster.id")]
    [TestCase("prod", null, "127.0.0.1", "cluster.redis")]
    [TestCase("prod", "r:6379", "0.0.0.0", "host is '0.0.0.0'")]
    [TestCase("prod", "r:6379", "localhost", "host is 'localhost'")]
    public void Validate_MissingOrUnreachableSetting_NamesIt(string? id, string? redis, string host, string named)
    {
        var options = new ClusterNodeOptions { Id = id, Redis = redis };

        var ex = Assert.Throws<ArgumentException>(() => options.Validate(host));

        Assert.That(ex!.Message, Does.Contain(named));
    }

    [Test]
    public void Validate_SiloPortOutOfRange_IsRefused()
    {
        var options = new ClusterNodeOptions { Id = "prod", Redis = "r:6379", SiloPort = 70000 };

        Assert.That(() => options.Validate("127.0.0.1"), Throws.ArgumentException.With.Message.Contains("cluster.siloPort"));
    }

    [Test]
    public void Load_FailureDetectionKeys_BindAndDefault()
    {
        var tuned = Load("""{ "cluster": { "id": "prod", "redis": "r:1", "probeTimeoutSeconds": 1.5, "missedProbesLimit": 4, "declareRefusedDead": false } }""").Cluster!;
        var plain = Load("""{ "cluster": { "id": "prod", "redis": "r:1" } }""").Cluster!;

        Assert.That((tuned.ProbeTimeoutSeconds, tuned.MissedProbesLimit, tuned.DeclareRefusedDead), Is.EqualTo((1.5, 4, false)));
        Assert.That((plain.ProbeTimeoutSeconds, plain.MissedProbesLimit, plain.DeclareRefusedDead), Is.EqualTo((2.0, 3, true)));
    }

    [TestCase(0.1, 3, "cluster.probeTimeoutSeconds")]
    [TestCase(2.0, 1, "cluster.missedProbesLimit")]
    public void Validate_FailureDetectionOutOfRange_NamesIt(double probe, int missed, string named)
    {
        var options = new ClusterNodeOptions { Id = "prod", Redis = "r:6379", ProbeTimeoutSeconds = probe, MissedProbesLimit = missed };

        Assert.That(() => options.Validate("127.0.0.1"), Throws.ArgumentException.With.Message.Contains(named));
    }

    [Test]
    public void Validate_CompleteSettings_Passes()
    {
        Assert.That(() => new ClusterNodeOptions { Id = "prod", Redis = "r:6379" }.Validate("127.0.0.1"), Throws.Nothing);
    }

    private ServerOptions Load(string json)
    {
        var path = Path.Combine(_dir, "server.json");
        File.WriteAllText(path, json);
        return ConfLoader.Load<ServerOptions>(path);
    }
}
