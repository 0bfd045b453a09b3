using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Shared.Tests.Support;

namespace SimpleRpc.Shared.Tests.Rpc;

// A relay's reply objects (RegisterReply, CancelPending): exactly one end per request.
public sealed partial class JsonRpcConnectionTests
{
    [Test]
    public async Task RegisterReply_Request_CompleteGetsTheReply(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods);
        var pending = new RecordingReply();
        var id = client.NextId();

        Assert.That(client.RegisterReply(id, pending), Is.Zero, "no other request was waiting");
        client.Send(JsonRpcMessage.Request(RpcId.From(id), "echo", "[7]"));
        var reply = await pending.Ended.WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply.Id, Is.EqualTo(RpcId.From(id)));
        Assert.That(reply.ResultJson, Is.EqualTo("[7]"));
        Assert.That(pending.Ends, Is.EqualTo(1));
    }

    [Test]
    public async Task RegisterReply_NoReplyByItsDeadline_ExpiresAndThePeerIsToldToCancel(CancellationToken cancellationToken)
    {
        var (connection, peer) = StartWithPeer(handler: null);
        var pending = new RecordingReply(Environment.TickCount64 + 50);
        var id = connection.NextId();

        connection.RegisterReply(id, pending);
        connection.Send(JsonRpcMessage.Request(RpcId.From(id), "hang", null));
        var request = await peer.ReadMessageAsync(cancellationToken);
        var cancel = await peer.ReadMessageAsync(cancellationToken);
        var expired = await pending.Ended.WaitAsync(Within.Limit, cancellationToken);

        Assert.That(request.Id, Is.EqualTo(RpcId.From(id)));
        Assert.That(cancel.Method, Is.EqualTo(JsonRpcMessage.CancelRequestMethod));
        Assert.That(cancel.ParamsJson, Does.Contain(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(expired.Error!.Message, Is.EqualTo("expired " + id));
        Assert.That(connection.CancelPending(id), Is.False, "the deadline ended it");
    }

    [Test]
    public async Task CancelPending_BeforeTheReply_TellsThePeerAndTheLateReplyReachesNobody(CancellationToken cancellationToken)
    {
        var (connection, peer) = StartWithPeer(handler: null);
        var pending = new RecordingReply();
        var id = connection.NextId();
        connection.RegisterReply(id, pending);
        connection.Send(JsonRpcMessage.Request(RpcId.From(id), "hang", null));
        await peer.ReadMessageAsync(cancellationToken);

        Assert.That(connection.CancelPending(id), Is.True);
        Assert.That(connection.CancelPending(id), Is.False, "once");
        var cancel = await peer.ReadMessageAsync(cancellationToken);
        await peer.WriteLineAsync($$"""{"jsonrpc":"2.0","id":{{id}},"result":1}""", cancellationToken);

        // A request after the late reply proves the reply was read before the check below.
        var next = new RecordingReply();
        var nextId = connection.NextId();
        connection.RegisterReply(nextId, next);
        await peer.WriteLineAsync($$"""{"jsonrpc":"2.0","id":{{nextId}},"result":2}""", cancellationToken);
        await next.Ended.WaitAsync(Within.Limit, cancellationToken);

        Assert.That(cancel.Method, Is.EqualTo(JsonRpcMessage.CancelRequestMethod));
        Assert.That(pending.Ends, Is.Zero);
    }

    [Test]
    public async Task RegisterReply_ConnectionCloses_CompleteGetsConnectionLost(CancellationToken cancellationToken)
    {
        var (connection, peer) = StartWithPeer(handler: null);
        var pending = new RecordingReply();
        var id = connection.NextId();
        connection.RegisterReply(id, pending);

        peer.Dispose();
        var reply = await pending.Ended.WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.ConnectionLost));
        Assert.That(reply.Id, Is.EqualTo(RpcId.From(id)));
        Assert.That(pending.Ends, Is.EqualTo(1));
    }

    [Test]
    public void RegisterReply_ClosedConnection_CompletesAtOnceWithConnectionLost()
    {
        var (connection, _) = StartWithPeer(handler: null);
        connection.Close();
        var pending = new RecordingReply();

        connection.RegisterReply(connection.NextId(), pending);

        Assert.That(pending.Ended.IsCompleted, Is.True);
        Assert.That(pending.Ended.Result.Error!.Code, Is.EqualTo(RpcErrorCodes.ConnectionLost));
    }

    [Test]
    public void RegisterReply_TableFull_ThrowsLimitExceeded()
    {
        var (connection, _) = StartWithPeer(handler: null, new JsonRpcConnectionOptions { MaxPendingRequests = 1 });
        connection.RegisterReply(connection.NextId(), new RecordingReply());

        var ex = Assert.Throws<RpcException>(() => connection.RegisterReply(connection.NextId(), new RecordingReply()));

        Assert.That(ex!.Code, Is.EqualTo(RpcErrorCodes.LimitExceeded));
    }

    // Counts its ends; an expiry becomes an error reply naming the id it was given.
    private sealed class RecordingReply : PendingReply
    {
        private readonly TaskCompletionSource<JsonRpcMessage> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _ends;

        public RecordingReply(long deadlineTick = long.MaxValue) => DeadlineTick = deadlineTick;

        public Task<JsonRpcMessage> Ended => _ended.Task;

        public int Ends => Volatile.Read(ref _ends);

        public override void Complete(JsonRpcMessage reply)
        {
            Interlocked.Increment(ref _ends);
            _ended.TrySetResult(reply);
        }

        public override void Expire(long id)
        {
            Interlocked.Increment(ref _ends);
            _ended.TrySetResult(JsonRpcMessage.Failure(RpcId.From(id), new RpcError(RpcErrorCodes.Timeout, "expired " + id)));
        }
    }
}
