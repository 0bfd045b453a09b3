using Newtonsoft.Json.Linq;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// JSON-RPC 2.0 batches on the server's port and on a stub's app port, through the real
/// processes and module z: module calls, a module's exception, a notification and an invalid
/// element in one array.
/// </summary>
[TestFixture]
[NonParallelizable]
public class BatchWireTests : AdversarialFixture
{
    private async Task<JsonLinePeer> ConnectAsync(WireTarget target, CancellationToken cancellationToken) =>
        target == WireTarget.Server
            ? await HelloAsync("batch-", CallerKey, cancellationToken)
            : await JsonLinePeer.ConnectAsync(Stub.AppEndpoint, cancellationToken);

    [Test]
    [CancelAfter(60_000)]
    public async Task Batch_ModuleCalls_OneArrayWithEveryReply([Values] WireTarget target, CancellationToken cancellationToken)
    {
        using var peer = await ConnectAsync(target, cancellationToken);

        await peer.SendAsync(
            """[{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[1,2]},{"jsonrpc":"2.0","method":"z.Add","params":[5,5]},{"jsonrpc":"2.0","id":"two","method":"z.Divide","params":{"a":1,"b":0}},{"jsonrpc":"1.0","id":3,"method":"z.Add"},{"jsonrpc":"2.0","id":4,"method":"z.Reverse(string)","params":["abc"],"moduleVersion":1}]""",
            cancellationToken);
        var replies = JArray.Parse((await peer.ReadLineAsync(cancellationToken))!).Cast<JObject>().ToList();

        Assert.That(replies, Has.Count.EqualTo(4), "no reply for the notification: " + string.Join(' ', replies));
        JObject ById(JToken id) => replies.Single(r => JToken.DeepEquals(r["id"], id));
        Assert.Multiple(() =>
        {
            Assert.That((int)WireAssert.Result(ById(1)), Is.EqualTo(3));
            WireAssert.Error(ById("two"), -32000, "b must not be zero");
            WireAssert.Error(ById(3), -32600, "The jsonrpc member must be \"2.0\".");
            Assert.That((string)WireAssert.Result(ById(4))!, Is.EqualTo("cba"));
        });

        // The connection goes on with single messages.
        Assert.That((int)WireAssert.Result(await peer.CallAsync("z.Add", new JArray(2, 2), cancellationToken)), Is.EqualTo(4));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Batch_EmptyMalformedOrAllNotifications_AsTheSpecificationSays([Values] WireTarget target, CancellationToken cancellationToken)
    {
        using var peer = await ConnectAsync(target, cancellationToken);

        await peer.SendAsync("[]", cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), JValue.CreateNull(), -32600, "the batch is empty");

        await peer.SendAsync("""[{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[1,2]},{"jsonrpc":"2.0","method"]""", cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), JValue.CreateNull(), -32700, "Parse error");

        await peer.SendAsync("""[{"jsonrpc":"2.0","method":"z.Add","params":[1,2]},{"jsonrpc":"2.0","method":"z.Add","params":[3,4]}]""", cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":99,"method":"z.Add","params":[40,2]}""", cancellationToken);
        var next = await peer.NextReplyAsync(cancellationToken);
        Assert.That((int?)next["id"], Is.EqualTo(99), "nothing answers an all-notification batch: " + next);
        Assert.That((int)WireAssert.Result(next), Is.EqualTo(42));
    }
}
