using Newtonsoft.Json.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;
using SimpleRpc.Shared.Tests.Support;

namespace SimpleRpc.Shared.Tests.Rpc;

/// <summary>
/// JSON-RPC 2.0 batches (specification section 6), with the specification's own section 7
/// examples written byte for byte by a raw peer to a real connection.
/// </summary>
[CancelAfter(10_000)]
public sealed class JsonRpcConnectionBatchTests
{
    private JsonRpcConnection? _connection;
    private LinePeer? _peer;

    [TearDown]
    public async Task TearDownAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _peer?.Dispose();
    }

    [Test]
    public async Task Batch_SpecificationExample_EveryRequestAnsweredInOneArray(CancellationToken cancellationToken)
    {
        var peer = Start();

        await peer.WriteLineAsync("""[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},{"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},{"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},{"foo": "boo"},{"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},{"jsonrpc": "2.0", "method": "get_data", "id": "9"}]""", cancellationToken);
        var replies = await ReadArrayAsync(peer, cancellationToken);

        Assert.That(replies, Has.Count.EqualTo(5), "one reply per request and per invalid element, none for the notification");
        Assert.Multiple(() =>
        {
            Assert.That((int)ById(replies, "1")["result"]!, Is.EqualTo(7));
            Assert.That((int)ById(replies, "2")["result"]!, Is.EqualTo(19));
            Assert.That((int)ById(replies, "5")["error"]!["code"]!, Is.EqualTo(RpcErrorCodes.MethodNotFound));
            Assert.That(ById(replies, "9")["result"]!.ToString(Newtonsoft.Json.Formatting.None), Is.EqualTo("""["hello",5]"""));
            var invalid = replies.Single(r => r["id"]!.Type == JTokenType.Null);
            Assert.That((int)invalid["error"]!["code"]!, Is.EqualTo(RpcErrorCodes.InvalidRequest));
        });
    }

    [Test]
    public async Task Batch_InvalidJson_OneParseError(CancellationToken cancellationToken)
    {
        var peer = Start();

        await peer.WriteLineAsync("""[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},{"jsonrpc": "2.0", "method"]""", cancellationToken);
        var reply = await peer.ReadMessageAsync(cancellationToken);

        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.ParseError));
        Assert.That(reply.Id, Is.EqualTo(RpcId.Null));
    }

    [Test]
    public async Task Batch_EmptyArray_OneInvalidRequest(CancellationToken cancellationToken)
    {
        var peer = Start();

        await peer.WriteLineAsync("[]", cancellationToken);
        var reply = await peer.ReadMessageAsync(cancellationToken);

        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.InvalidRequest));
        Assert.That(reply.Id, Is.EqualTo(RpcId.Null));
    }

    [TestCase("[1]", 1)]
    [TestCase("[1,2,3]", 3)]
    public async Task Batch_InvalidElements_EachGetsItsOwnInvalidRequest(string line, int count, CancellationToken cancellationToken)
    {
        var peer = Start();

        await peer.WriteLineAsync(line, cancellationToken);
        var replies = await ReadArrayAsync(peer, cancellationToken);

        Assert.That(replies, Has.Count.EqualTo(count));
        Assert.That(replies.Select(r => (int)r["error"]!["code"]!), Is.All.EqualTo(RpcErrorCodes.InvalidRequest));
        Assert.That(replies.Select(r => r["id"]!.Type), Is.All.EqualTo(JTokenType.Null));
    }

    [Test]
    public async Task Batch_AllNotifications_NoReplyAtAll(CancellationToken cancellationToken)
    {
        var peer = Start();

        await peer.WriteLineAsync("""[{"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},{"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}]""", cancellationToken);
        await peer.WriteLineAsync("""{"jsonrpc": "2.0", "method": "sum", "params": [1], "id": 77}""", cancellationToken);
        var next = await peer.ReadMessageAsync(cancellationToken);

        Assert.That(next.Id, Is.EqualTo(RpcId.From(77)), "the first thing back answers the request after the batch");
    }

    [Test]
    public async Task Batch_SameIdTwice_SecondRefusedAndNeverRun(CancellationToken cancellationToken)
    {
        var runs = 0;
        var peer = Start((connection, message) =>
        {
            Interlocked.Increment(ref runs);
            return Methods(connection, message);
        });

        await peer.WriteLineAsync("""[{"jsonrpc":"2.0","method":"sum","params":[1],"id":3},{"jsonrpc":"2.0","method":"sum","params":[2],"id":3}]""", cancellationToken);
        var replies = await ReadArrayAsync(peer, cancellationToken);

        Assert.That(replies, Has.Count.EqualTo(2));
        Assert.That(replies.Count(r => r["result"] is not null), Is.EqualTo(1));
        Assert.That((string)replies.Single(r => r["error"] is not null)["error"]!["message"]!, Does.Contain("id 3"));
        Assert.That(runs, Is.EqualTo(1));
    }

    [Test]
    public async Task Batch_CallsRunConcurrently_ASlowOneDoesNotHoldTheOthers(CancellationToken cancellationToken)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fastDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var peer = Start(async (connection, message) =>
        {
            if (message.Method == "slow")
            {
                // Runs beside "fast": it only finishes once "fast" has replied.
                await fastDone.Task.WaitAsync(Within.Limit, cancellationToken);
                await release.Task.WaitAsync(Within.Limit, cancellationToken);
                connection.Reply(message.Id, "slow");
                return;
            }

            connection.Reply(message.Id, "fast");
            fastDone.TrySetResult();
            release.TrySetResult();
        });

        await peer.WriteLineAsync("""[{"jsonrpc":"2.0","method":"slow","id":1},{"jsonrpc":"2.0","method":"fast","id":2}]""", cancellationToken);
        var replies = await ReadArrayAsync(peer, cancellationToken);

        Assert.That(replies.Select(r => (string)r["result"]!), Is.EquivalentTo(new[] { "slow", "fast" }));
    }

    [Test]
    public async Task Batch_RepliesLargerThanTheFrameLimit_LimitExceeded(CancellationToken cancellationToken)
    {
        var peer = Start(Methods, new JsonRpcConnectionOptions { MaxFrameBytes = 200 });

        // The request fits in 200 bytes; its four replies of 60 characters each do not.
        await peer.WriteLineAsync("""[{"jsonrpc":"2.0","method":"big","id":1},{"jsonrpc":"2.0","method":"big","id":2},{"jsonrpc":"2.0","method":"big","id":3},{"jsonrpc":"2.0","method":"big","id":4}]""", cancellationToken);
        var reply = await peer.ReadMessageAsync(cancellationToken);

        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.LimitExceeded));
        Assert.That(reply.Error.Message, Does.Contain("maxFrameBytes"));
    }

    private static async Task<List<JObject>> ReadArrayAsync(LinePeer peer, CancellationToken cancellationToken)
    {
        var line = await peer.ReadLineAsync(cancellationToken);
        Assert.That(line, Is.Not.Null);
        return [.. JArray.Parse(line!).Cast<JObject>()];
    }

    private static JObject ById(List<JObject> replies, string id) => replies.Single(r => (string?)r["id"] == id);

    // The methods of the specification's examples.
    private static ValueTask Methods(JsonRpcConnection connection, JsonRpcMessage message)
    {
        var numbers = message.ParamsJson is { } json && json.StartsWith('[') ? RpcJson.Deserialize<int[]>(json)! : [];
        switch (message.Method)
        {
            case "sum":
                connection.Reply(message.Id, numbers.Sum());
                break;
            case "subtract":
                connection.Reply(message.Id, numbers[0] - numbers[1]);
                break;
            case "get_data":
                connection.Reply(message.Id, new object[] { "hello", 5 });
                break;
            case "big":
                connection.Reply(message.Id, new string('x', 60));
                break;
            case "notify_hello" or "notify_sum":
                break;
            default:
                throw new RpcException(RpcErrorCodes.MethodNotFound, "Method not found");
        }

        return ValueTask.CompletedTask;
    }

    private LinePeer Start(JsonRpcConnection.Handler? handler = null, JsonRpcConnectionOptions? options = null)
    {
        var (local, remote) = DuplexPipe.Create();
        _connection = new JsonRpcConnection(local, options ?? new JsonRpcConnectionOptions(), NullLogger.Instance, "batch-test") { RequestHandler = handler ?? Methods };
        _connection.Start();
        _peer = new LinePeer(remote);
        return _peer;
    }
}
