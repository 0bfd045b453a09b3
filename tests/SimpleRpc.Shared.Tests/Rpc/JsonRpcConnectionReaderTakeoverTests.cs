using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Shared.Tests.Support;

namespace SimpleRpc.Shared.Tests.Rpc;

/// <summary>
/// A handler that blocks a connection's own reading thread holds the connection only until the
/// watchdog moves the reading to a new thread (<see cref="JsonRpcConnection.ReaderTakeoverAfter"/>):
/// later requests are answered, and replies the stuck thread held back are sent, while it is still blocked.
/// </summary>
[CancelAfter(20_000)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class JsonRpcConnectionReaderTakeoverTests
{
    private readonly ManualResetEventSlim _release = new();
    private readonly TaskCompletionSource<bool> _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonRpcConnection? _connection;
    private LinePeer? _peer;

    [TearDown]
    public async Task TearDownAsync()
    {
        _release.Set();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _peer?.Dispose();
        _release.Dispose();
    }

    [Test]
    public async Task Handler_BlocksTheReadingThread_LaterRequestsAreAnsweredMeanwhile(CancellationToken cancellationToken)
    {
        Start(dedicatedReadThreads: 1_000);

        await _peer!.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"block"}""", cancellationToken);
        Assert.That(await _blocked.Task.WaitAsync(Within.Limit, cancellationToken), Is.True, "the handler ran on a reading thread that can be taken over");
        await _peer.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"echo","params":["after"]}""", cancellationToken);

        var first = await _peer.ReadMessageAsync(cancellationToken);
        Assert.That((first.Id, first.ResultJson), Is.EqualTo((RpcId.From(2), "[\"after\"]")), "answered while the first handler still blocks");

        _release.Set();
        var second = await _peer.ReadMessageAsync(cancellationToken);
        Assert.That((second.Id, second.ResultJson), Is.EqualTo((RpcId.From(1), "\"released\"")));

        // The new reading thread goes on serving.
        await _peer.WriteLineAsync("""{"jsonrpc":"2.0","id":3,"method":"echo","params":[3]}""", cancellationToken);
        Assert.That((await _peer.ReadMessageAsync(cancellationToken)).ResultJson, Is.EqualTo("[3]"));
    }

    [Test]
    public async Task Handler_BlocksAfterAReplyInTheSameReceive_HeldBackReplyIsSentMeanwhile(CancellationToken cancellationToken)
    {
        Start(dedicatedReadThreads: 1_000);

        // One write, so one receive: the echo's reply waits for the end of the batch, which the
        // blocked handler holds up until the reading is taken over.
        await _peer!.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"echo","params":["first"]}""" + "\n" + """{"jsonrpc":"2.0","id":2,"method":"block"}""", cancellationToken);

        var reply = await _peer.ReadMessageAsync(cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That((reply.Id, reply.ResultJson), Is.EqualTo((RpcId.From(1), "[\"first\"]")));
            Assert.That(_release.IsSet, Is.False, "sent while the handler still blocks");
        });
        _release.Set();
        Assert.That((await _peer.ReadMessageAsync(cancellationToken)).Id, Is.EqualTo(RpcId.From(2)));
    }

    [Test]
    public async Task Handler_BlocksWithoutAllowingATakeover_LaterRequestsWaitTheirTurn(CancellationToken cancellationToken)
    {
        Start(dedicatedReadThreads: 1_000);

        // Past the takeover budget, but the handler did not allow it: order is kept (a hello
        // before the upload that follows it).
        await _peer!.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"hold","params":[300]}""", cancellationToken);
        await _peer.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"echo","params":["after"]}""", cancellationToken);

        Assert.That((await _peer.ReadMessageAsync(cancellationToken)).Id, Is.EqualTo(RpcId.From(1)));
        Assert.That((await _peer.ReadMessageAsync(cancellationToken)).Id, Is.EqualTo(RpcId.From(2)));
    }

    [Test]
    public async Task Handler_OnAPoolReadLoop_CannotBeTakenOver(CancellationToken cancellationToken)
    {
        Start(dedicatedReadThreads: 0);
        _release.Set();

        await _peer!.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"block"}""", cancellationToken);

        Assert.That(await _blocked.Task.WaitAsync(Within.Limit, cancellationToken), Is.False);
        Assert.That((await _peer.ReadMessageAsync(cancellationToken)).ResultJson, Is.EqualTo("\"released\""));
    }

    private void Start(int dedicatedReadThreads)
    {
        var (a, b) = DuplexPipe.Create();
        _connection = new JsonRpcConnection(a, new JsonRpcConnectionOptions { DedicatedReadThreads = dedicatedReadThreads }, NullLogger.Instance, "server") { RequestHandler = Handle };
        _peer = new LinePeer(b);
        _connection.Start();
    }

    private ValueTask Handle(JsonRpcConnection connection, JsonRpcMessage message)
    {
        if (message.Method == "block")
        {
            _blocked.TrySetResult(JsonRpcConnection.ReaderCanBeTakenOver);
            JsonRpcConnection.AllowReaderTakeover();
            _release.Wait(TimeSpan.FromSeconds(15));
            connection.Reply(message.Id, "released");
        }
        else if (message.Method == "hold")
        {
            Thread.Sleep(300);
            connection.Reply(message.Id, "held");
        }
        else
        {
            connection.Send(JsonRpcMessage.Success(message.Id, message.ParamsJson));
        }

        return ValueTask.CompletedTask;
    }
}
