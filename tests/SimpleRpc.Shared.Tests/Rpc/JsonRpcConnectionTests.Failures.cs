using System.Text;
using SimpleRpc.Framing;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Shared.Tests.Rpc;

// Closing, limits, bad input and cancellation.
public sealed partial class JsonRpcConnectionTests
{
    [Test]
    public async Task Close_PeerClosesWithCallPending_CallFailsWithConnectionLost(CancellationToken cancellationToken)
    {
        var requestSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (client, server) = StartPair((connection, message) =>
        {
            requestSeen.TrySetResult();
            return ValueTask.CompletedTask;
        });
        Exception? closedReason = new InvalidOperationException("not closed");
        client.Closed += (_, reason) => closedReason = reason;

        var pending = client.SendRequestAsync("hang", null, cancellationToken);
        await requestSeen.Task.WaitAsync(Within.Limit, cancellationToken);
        server.Close();
        var reply = await pending.WaitAsync(Within.Limit, cancellationToken);
        await client.Completion.WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.ConnectionLost));
        Assert.That(client.IsClosed, Is.True);
        Assert.That(client.Closing.IsCancellationRequested, Is.True);
        Assert.That(closedReason, Is.Null, "a clean end of stream has no reason");
    }

    [Test]
    public async Task Close_LocalCloseWithCallPending_InvokeThrowsConnectionLost(CancellationToken cancellationToken)
    {
        var (client, server) = StartPair(TestMethods);

        var pending = client.InvokeAsync<int>("hang", null, cancellationToken);
        client.Close();
        var ex = await CatchAsync<RpcException>(pending, cancellationToken);
        await server.Completion.WaitAsync(Within.Limit, cancellationToken);

        Assert.That(ex.Code, Is.EqualTo(RpcErrorCodes.ConnectionLost));
    }

    [Test]
    public async Task SendRequestAsync_AfterClose_ReturnsConnectionLostAtOnce(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods);
        client.Close();

        var reply = await client.SendRequestAsync("echo", "[]", cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.ConnectionLost));
        Assert.That(client.Send(JsonRpcMessage.Notification("x", null)), Is.False);
    }

    [Test]
    public void SendRequestAsync_PastMaxPendingRequests_ThrowsLimitExceeded(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods, new JsonRpcConnectionOptions { MaxPendingRequests = 2 });
        _ = client.SendRequestAsync("hang", null, cancellationToken);
        _ = client.SendRequestAsync("hang", null, cancellationToken);

        var ex = Assert.Throws<RpcException>(() => _ = client.SendRequestAsync("echo", "[]", cancellationToken));

        Assert.That(ex.Code, Is.EqualTo(RpcErrorCodes.LimitExceeded));
        Assert.That(ex.Message, Does.Contain("maxPendingCalls"));
    }

    [Test]
    public async Task SendRequestAsync_Cancelled_TaskIsCancelledAndSlotFreed(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods, new JsonRpcConnectionOptions { MaxPendingRequests = 1 });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var pending = client.SendRequestAsync("hang", null, cts.Token);
        await cts.CancelAsync();

        Assert.That(async () => await pending.WaitAsync(Within.Limit, cancellationToken), Throws.InstanceOf<OperationCanceledException>());
        var next = await client.SendRequestAsync("echo", "[1]", cancellationToken).WaitAsync(Within.Limit, cancellationToken);
        Assert.That(next.ResultJson, Is.EqualTo("[1]"));
    }

    [Test]
    public async Task SendRequestAsync_OverFrameLimit_ThrowsAndFreesSlot(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods, new JsonRpcConnectionOptions { MaxFrameBytes = 1024, MaxPendingRequests = 1 });

        var ex = Assert.Throws<RpcException>(() => _ = client.SendRequestAsync("echo", "[\"" + new string('x', 2000) + "\"]", cancellationToken));
        var next = await client.SendRequestAsync("echo", "[1]", cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(ex.Code, Is.EqualTo(RpcErrorCodes.LimitExceeded));
        Assert.That(next.ResultJson, Is.EqualTo("[1]"));
    }

    [Test]
    public async Task ReadLoop_FrameOverLimit_RepliesLimitExceededAndCloses(CancellationToken cancellationToken)
    {
        var (connection, peer) = StartWithPeer(TestMethods, new JsonRpcConnectionOptions { MaxFrameBytes = 1024 });
        Exception? closedReason = null;
        connection.Closed += (_, reason) => closedReason = reason;

        await peer.WriteLineAsync(new string('x', 2000), cancellationToken);
        var reply = await peer.ReadMessageAsync(cancellationToken);

        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.LimitExceeded));
        Assert.That(reply.Id, Is.EqualTo(RpcId.Null));
        Assert.That(await peer.ReadLineAsync(cancellationToken), Is.Null, "the connection closes after the error");
        await connection.Completion.WaitAsync(Within.Limit, cancellationToken);
        Assert.That(closedReason, Is.InstanceOf<FrameTooLargeException>());
    }

    [Test]
    public async Task ReadLoop_GarbageLine_RepliesParseErrorAndStaysUsable(CancellationToken cancellationToken)
    {
        var (connection, peer) = StartWithPeer(TestMethods);

        await peer.WriteLineAsync("this is not json", cancellationToken);
        var error = await peer.ReadMessageAsync(cancellationToken);
        await peer.WriteLineAsync("""{"jsonrpc":"2.0","id":5,"method":"echo","params":[1]}""", cancellationToken);
        var reply = await peer.ReadMessageAsync(cancellationToken);

        Assert.That(error.Error!.Code, Is.EqualTo(RpcErrorCodes.ParseError));
        Assert.That(error.Id, Is.EqualTo(RpcId.Null));
        Assert.That(reply.Id, Is.EqualTo(RpcId.From(5)));
        Assert.That(reply.ResultJson, Is.EqualTo("[1]"));
        Assert.That(connection.IsClosed, Is.False);
    }

    [TestCase("""{"jsonrpc":"1.0","id":9,"method":"echo"}""")]
    [TestCase("""{"jsonrpc":"2.0","id":9,"method":"echo","params":5}""")]
    [TestCase("""{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"echo"}""")]
    [TestCase("""{"jsonrpc":"2.0","id":9,"error":{"code":"x","message":"m"}}""")]
    public async Task ReadLoop_InvalidRequest_RepliesInvalidRequestAndStaysUsable(string line, CancellationToken cancellationToken)
    {
        var (_, peer) = StartWithPeer(TestMethods);

        await peer.WriteLineAsync(line, cancellationToken);
        var error = await peer.ReadMessageAsync(cancellationToken);
        await peer.WriteLineAsync("""{"jsonrpc":"2.0","id":"next","method":"echo","params":[]}""", cancellationToken);
        var reply = await peer.ReadMessageAsync(cancellationToken);

        Assert.That(error.Error!.Code, Is.EqualTo(RpcErrorCodes.InvalidRequest));
        Assert.That(reply.Id, Is.EqualTo(RpcId.From("next")));
    }

    [Test]
    public async Task ReadLoop_InvalidUtf8_RepliesParseErrorAndCloses(CancellationToken cancellationToken)
    {
        var (connection, peer) = StartWithPeer(TestMethods);

        await peer.WriteBytesAsync([.. Encoding.UTF8.GetBytes("{\"a\":\""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}\n")], cancellationToken);
        var error = await peer.ReadMessageAsync(cancellationToken);

        Assert.That(error.Error!.Code, Is.EqualTo(RpcErrorCodes.ParseError));
        Assert.That(await peer.ReadLineAsync(cancellationToken), Is.Null);
        await connection.Completion.WaitAsync(Within.Limit, cancellationToken);
    }

    [Test]
    public async Task ReadLoop_ReplyMatchingNoRequest_IsIgnored(CancellationToken cancellationToken)
    {
        var (connection, peer) = StartWithPeer(TestMethods);

        await peer.WriteLineAsync("""{"jsonrpc":"2.0","id":999,"result":1}""", cancellationToken);
        await peer.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"echo","params":["still here"]}""", cancellationToken);
        var reply = await peer.ReadMessageAsync(cancellationToken);

        Assert.That(reply.ResultJson, Is.EqualTo("""["still here"]"""));
        Assert.That(connection.IsClosed, Is.False);
    }
}
