using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// A request under the id of a request still in flight on the same connection is refused and
/// never run, on the server's port and on a stub's app port; the id is free once its reply came.
/// </summary>
[TestFixture]
[NonParallelizable]
public class DuplicateRequestIdTests : ModuleZFixture
{
    private const string Hello = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"simplerpc/hello\",\"params\":{\"name\":\"NAME\",\"key\":\"dev-publisher-key-0001\"}}";

    [Test]
    [CancelAfter(60_000)]
    public async Task ServerPort_IdOfRunningCall_RefusedNeverRunAndFreeAfterReply(CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        await peer.SendAsync(Hello.Replace("NAME", "dup-server", StringComparison.Ordinal), cancellationToken);
        Assert.That((await peer.ReplyToAsync(1, cancellationToken))["result"], Is.Not.Null);

        await AssertDuplicateRefusedAsync(peer, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task AppPort_IdOfRunningCall_RefusedNeverRunAndFreeAfterReply(CancellationToken cancellationToken)
    {
        using var app = await JsonLinePeer.ConnectAsync(Stub.AppEndpoint, cancellationToken);

        await AssertDuplicateRefusedAsync(app, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ServerPort_IdOfRunningConsoleRequest_Refused(CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        await peer.SendAsync(Hello.Replace("NAME", "dup-console", StringComparison.Ordinal), cancellationToken);
        Assert.That((await peer.ReplyToAsync(1, cancellationToken))["result"], Is.Not.Null);

        // A module call holds id 20; a console request under it is refused the same way.
        await peer.SendAsync(Request(20, "z.SlowAdd", "[1,2,60000]"), cancellationToken);
        await peer.SendAsync(Request(20, "simplerpc/listModules", null), cancellationToken);
        AssertRefused(await peer.ReplyToAsync(20, cancellationToken), 20);
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":20}}", cancellationToken);
        Assert.That((int)(await peer.ReplyToAsync(20, cancellationToken))["error"]!["code"]!, Is.EqualTo(-32800));
    }

    // Call 10 holds its id for as long as the test wants (60 s unless cancelled); a second request
    // with id 10 must come back refused at once, and the only other reply with id 10 is the first
    // call's own (cancelled). Then id 10 works again.
    private static async Task AssertDuplicateRefusedAsync(JsonLinePeer peer, CancellationToken cancellationToken)
    {
        await peer.SendAsync(Request(10, "z.SlowAdd", "[1,2,60000]"), cancellationToken);
        await peer.SendAsync(Request(10, "z.Add", "[5,5]"), cancellationToken);
        AssertRefused(await peer.ReplyToAsync(10, cancellationToken), 10);

        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":10}}", cancellationToken);
        var first = await peer.ReplyToAsync(10, cancellationToken);
        Assert.That((int)first["error"]!["code"]!, Is.EqualTo(-32800), "the first call's own reply: cancelled, not the second's result " + first);

        await peer.SendAsync(Request(10, "z.Add", "[5,6]"), cancellationToken);
        Assert.That((int)(await peer.ReplyToAsync(10, cancellationToken))["result"]!, Is.EqualTo(11), "the id is free once its reply came");
    }

    private static void AssertRefused(JObject reply, long id)
    {
        Assert.That(reply["result"], Is.Null, "the second request never ran: " + reply);
        Assert.That((int)reply["error"]!["code"]!, Is.EqualTo(-32600));
        Assert.That((string)reply["error"]!["message"]!, Does.Contain($"the id {id} is already used by another request in flight"));
    }

    private static string Request(long id, string method, string? parameters) =>
        parameters is null
            ? $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\"}}"
            : $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{parameters}}}";
}
