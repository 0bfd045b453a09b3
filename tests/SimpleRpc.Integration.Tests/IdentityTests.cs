using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>Keys, roles and names bound to keys, against a real server with conf/server.json's keys.</summary>
[TestFixture]
[NonParallelizable]
public class IdentityTests
{
    private const string Publisher = "dev-publisher-key-0001";
    private const string Caller = "dev-caller-key-00001";
    private const string Admin = "dev-admin-key-000001";
    private Cluster _cluster = null!;

    [SetUp]
    public async Task StartCluster() => _cluster = await Cluster.StartAsync();

    [TearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    private static string Hello(int id, string name, string? key, string? resume = null) =>
        new JObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = "simplerpc/hello",
            ["params"] = new JObject { ["name"] = name, ["version"] = 1, ["key"] = key, ["resume"] = resume },
        }.ToString(Newtonsoft.Json.Formatting.None);

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not-a-key-at-all-but-long")]
    [CancelAfter(60_000)]
    public async Task Hello_WithoutValidKey_HandshakeErrorThenClosed(string? key, CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken);
        await peer.SendAsync(Hello(1, "intruder", key), cancellationToken);
        var reply = await peer.ReplyToAsync(1, cancellationToken);
        Assert.That((int)reply["error"]!["code"]!, Is.EqualTo(-32005));
        Assert.That(async () => await peer.ReplyToAsync(2, cancellationToken), Throws.TypeOf<EndOfStreamException>(), "nothing else: the server closed the connection");
        await _cluster.Server.WaitForLineAsync("Refused .*: no valid key", Cluster.StepTimeout);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Upload_WithCallRole_RefusedBeforeAnythingIsKept(CancellationToken cancellationToken)
    {
        var caller = await _cluster.StartStubAsync("caller", extraArgs: ["--key", Caller]);
        Assert.That(await caller.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Is.EqualTo("error: Client 'caller' has the call role; to register modules its key needs the publish role."));
        Assert.That(Directory.Exists(Path.Combine(_cluster.WorkDir, "server-data", "modules", "z")), Is.False);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Name_BoundToItsKey_StillBoundAfterServerRestart(CancellationToken cancellationToken)
    {
        using (var owner = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken))
        {
            await owner.SendAsync(Hello(1, "kept", Publisher), cancellationToken);
            Assert.That((await owner.ReplyToAsync(1, cancellationToken))["result"], Is.Not.Null);
        }

        await _cluster.Server.WaitForLineAsync("Client kept disconnected", Cluster.StepTimeout);
        await _cluster.RestartServerAsync();

        // Before the owner is back, another key still cannot take the name.
        using var thief = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken);
        await thief.SendAsync(Hello(1, "kept", Admin), cancellationToken);
        var refused = await thief.ReplyToAsync(1, cancellationToken);
        Assert.That((int)refused["error"]!["code"]!, Is.EqualTo(-32001));
        Assert.That((string)refused["error"]!["message"]!, Does.Contain("The name 'kept' belongs to another key"));

        using var back = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken);
        await back.SendAsync(Hello(1, "kept", Publisher), cancellationToken);
        Assert.That((await back.ReplyToAsync(1, cancellationToken))["result"]!["name"]!.ToString(), Is.EqualTo("kept"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Name_BoundToItsKey_AnotherKeyCannotTakeItEvenAfterOwnerLeft(CancellationToken cancellationToken)
    {
        using (var owner = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken))
        {
            await owner.SendAsync(Hello(1, "owned", Publisher), cancellationToken);
            Assert.That((await owner.ReplyToAsync(1, cancellationToken))["result"], Is.Not.Null);
        }

        await _cluster.Server.WaitForLineAsync("Client owned disconnected", Cluster.StepTimeout);
        using var thief = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken);
        await thief.SendAsync(Hello(1, "owned", Admin), cancellationToken);
        var refused = await thief.ReplyToAsync(1, cancellationToken);
        Assert.That((int)refused["error"]!["code"]!, Is.EqualTo(-32001));
        Assert.That((string)refused["error"]!["message"]!, Does.Contain("belongs to another key"));

        using var back = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken);
        await back.SendAsync(Hello(1, "owned", Publisher), cancellationToken);
        Assert.That((await back.ReplyToAsync(1, cancellationToken))["result"]!["name"]!.ToString(), Is.EqualTo("owned"), "the owner's key gets its name back");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Hello_SameKeyResumesItsSession_OldSessionReplaced(CancellationToken cancellationToken)
    {
        using var first = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken);
        await first.SendAsync(Hello(1, "roamer", Publisher), cancellationToken);
        var session = (string)(await first.ReplyToAsync(1, cancellationToken))["result"]!["sessionId"]!;

        using var second = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken);
        await second.SendAsync(Hello(1, "roamer", Publisher), cancellationToken);
        Assert.That((int)(await second.ReplyToAsync(1, cancellationToken))["error"]!["code"]!, Is.EqualTo(-32001), "a second instance without resume is refused");
        await second.SendAsync(Hello(2, "roamer", Publisher, resume: session), cancellationToken);
        Assert.That((string)(await second.ReplyToAsync(2, cancellationToken))["result"]!["name"]!, Is.EqualTo("roamer"));

        Assert.That(async () => await first.ReplyToAsync(99, cancellationToken), Throws.TypeOf<EndOfStreamException>(), "the replaced session is closed");
        await _cluster.Server.WaitForLineAsync($"Client roamer reconnected; replacing its old session {session}", Cluster.StepTimeout);
    }
}
