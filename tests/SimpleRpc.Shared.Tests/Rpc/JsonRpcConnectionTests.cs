using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;
using SimpleRpc.Shared.Tests.Support;

namespace SimpleRpc.Shared.Tests.Rpc;

/// <summary>
/// Two real connections over an in-memory duplex pipe (or one connection and a raw
/// <see cref="LinePeer"/> where the test must write bytes no connection would send).
/// </summary>
[CancelAfter(10_000)]
public sealed partial class JsonRpcConnectionTests
{
    private readonly List<IAsyncDisposable> _connections = [];
    private readonly List<LinePeer> _peers = [];

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var peer in _peers)
        {
            peer.Dispose();
        }

        _connections.Clear();
        _peers.Clear();
    }

    [Test]
    public async Task SendRequestAsync_Echo_ReturnsResultWithSameId(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods);

        var reply = await client.SendRequestAsync("echo", """[1,"é",{"a":null}]""", cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply.Error, Is.Null);
        Assert.That(reply.ResultJson, Is.EqualTo("""[1,"é",{"a":null}]"""));
        Assert.That(reply.Id.Kind, Is.EqualTo(RpcIdKind.Number));
    }

    [Test]
    public async Task InvokeAsync_Result_IsDeserialized(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods);

        var sum = await client.InvokeAsync<int>("add", new[] { 2, 3, 4 }, cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(sum, Is.EqualTo(9));
    }

    [Test]
    public async Task InvokeAsync_ManyConcurrentCalls_EachGetsItsOwnReply(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods);

        var calls = Enumerable.Range(0, 200).Select(i => Task.Run(() => client.InvokeAsync<int>("add", new[] { i, 1000 }, cancellationToken), cancellationToken)).ToList();
        var results = await Task.WhenAll(calls).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(results, Is.EqualTo(Enumerable.Range(1000, 200)));
    }

    [Test]
    public async Task InvokeAsync_ErrorReply_ThrowsRpcExceptionWithCodeAndData(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods);

        var ex = await CatchAsync<RpcException>(client.InvokeAsync<int>("refuse", null, cancellationToken), cancellationToken);

        Assert.That(ex.Code, Is.EqualTo(RpcErrorCodes.UploadRefused));
        Assert.That(ex.Message, Is.EqualTo("refused"));
        Assert.That(ex.DataJson, Is.EqualTo("""{"why":"size"}"""));
    }

    [Test]
    public async Task InvokeAsync_ModuleThrewReply_ThrowsRemoteInvocationException(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods);

        var ex = await CatchAsync<RemoteInvocationException>(client.InvokeAsync<int>("moduleThrew", null, cancellationToken), cancellationToken);

        Assert.That(ex.Code, Is.EqualTo(RpcErrorCodes.ModuleThrew));
        Assert.That(ex.RemoteType, Is.EqualTo("System.DivideByZeroException"));
        Assert.That(ex.RemoteStackTrace, Does.Contain("z.cs:line 3"));
    }

    [Test]
    public async Task Notify_Notification_IsDeliveredWithoutReply(CancellationToken cancellationToken)
    {
        var received = new TaskCompletionSource<JsonRpcMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (client, _) = StartPair((connection, message) =>
        {
            received.TrySetResult(message);
            return ValueTask.CompletedTask;
        });

        Assert.That(client.Notify(Methods.MessageReceived, new { From = "a", Text = "hi" }), Is.True);
        var message = await received.Task.WaitAsync(Within.Limit, cancellationToken);

        Assert.That(message.IsNotification, Is.True);
        Assert.That(message.Method, Is.EqualTo(Methods.MessageReceived));
        Assert.That(message.ParamsJson, Is.EqualTo("""{"from":"a","text":"hi"}"""));
    }

    [Test]
    public async Task SendRequestAsync_FromEitherSide_IsAnswered(CancellationToken cancellationToken)
    {
        var (client, server) = StartPair(TestMethods, clientHandler: TestMethods);

        var fromServer = await server.InvokeAsync<int>("add", new[] { 40, 2 }, cancellationToken).WaitAsync(Within.Limit, cancellationToken);
        var fromClient = await client.InvokeAsync<int>("add", new[] { 1, 2 }, cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(fromServer, Is.EqualTo(42));
        Assert.That(fromClient, Is.EqualTo(3));
    }

    [TestCase("throw")]
    [TestCase("throwAfterAwait")]
    public async Task SendRequestAsync_HandlerThrows_RepliesInternalError(string method, CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods);

        var reply = await client.SendRequestAsync(method, null, cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.InternalError));
        Assert.That(reply.Error.Message, Does.Contain("boom"));
    }

    [Test]
    public async Task SendRequestAsync_HandlerThrowsRpcException_RepliesItsCodeAndData(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(TestMethods);

        var reply = await client.SendRequestAsync("throwRpc", null, cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply.Error, Is.EqualTo(new RpcError(RpcErrorCodes.NameTaken, "taken", """{"suggestion":"x-2"}""")));
    }

    [Test]
    public async Task SendRequestAsync_NoHandler_RepliesMethodNotFound(CancellationToken cancellationToken)
    {
        var (client, _) = StartPair(serverHandler: null);

        var reply = await client.SendRequestAsync("z.Add", "[1,2]", cancellationToken).WaitAsync(Within.Limit, cancellationToken);

        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.MethodNotFound));
        Assert.That(reply.Error.Message, Does.Contain("z.Add"));
    }

    private static async Task<T> CatchAsync<T>(Task task, CancellationToken cancellationToken)
        where T : Exception
    {
        try
        {
            await task.WaitAsync(Within.Limit, cancellationToken);
        }
        catch (T ex)
        {
            return ex;
        }

        Assert.Fail($"Expected {typeof(T).Name}.");
        throw new InvalidOperationException("unreachable");
    }

    // The methods the test peers serve. "hang" never answers.
    private static ValueTask TestMethods(JsonRpcConnection connection, JsonRpcMessage message)
    {
        switch (message.Method)
        {
            case "echo":
                connection.Send(JsonRpcMessage.Success(message.Id, message.ParamsJson));
                break;
            case "add":
                connection.Reply(message.Id, RpcJson.Deserialize<int[]>(message.ParamsJson!)!.Sum());
                break;
            case "refuse":
                connection.ReplyError(message.Id, new RpcError(RpcErrorCodes.UploadRefused, "refused", """{"why":"size"}"""));
                break;
            case "moduleThrew":
                connection.ReplyError(message.Id, RpcError.WithData(RpcErrorCodes.ModuleThrew, "Attempted to divide by zero.", new RemoteErrorData("System.DivideByZeroException", "Attempted to divide by zero.", "at Z.Div() in z.cs:line 3")));
                break;
            case "throw":
                throw new InvalidOperationException("boom");
            case "throwAfterAwait":
                return ThrowAfterAwaitAsync();
            case "throwRpc":
                throw new RpcException(RpcErrorCodes.NameTaken, "taken", """{"suggestion":"x-2"}""");
            case "hang":
                break;
            default:
                throw new RpcException(RpcErrorCodes.MethodNotFound, "no " + message.Method);
        }

        return ValueTask.CompletedTask;

        static async ValueTask ThrowAfterAwaitAsync()
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }
    }

    private (JsonRpcConnection Client, JsonRpcConnection Server) StartPair(
        JsonRpcConnection.Handler? serverHandler,
        JsonRpcConnectionOptions? clientOptions = null,
        JsonRpcConnection.Handler? clientHandler = null)
    {
        var (a, b) = DuplexPipe.Create();
        var client = Own(new JsonRpcConnection(a, clientOptions ?? new JsonRpcConnectionOptions(), NullLogger.Instance, "client") { RequestHandler = clientHandler });
        var server = Own(new JsonRpcConnection(b, new JsonRpcConnectionOptions(), NullLogger.Instance, "server") { RequestHandler = serverHandler });
        client.Start();
        server.Start();
        return (client, server);
    }

    private (JsonRpcConnection Connection, LinePeer Peer) StartWithPeer(JsonRpcConnection.Handler? handler, JsonRpcConnectionOptions? options = null)
    {
        var (a, b) = DuplexPipe.Create();
        var connection = Own(new JsonRpcConnection(a, options ?? new JsonRpcConnectionOptions(), NullLogger.Instance, "connection") { RequestHandler = handler });
        var peer = new LinePeer(b);
        _peers.Add(peer);
        connection.Start();
        return (connection, peer);
    }

    private JsonRpcConnection Own(JsonRpcConnection connection)
    {
        _connections.Add(connection);
        return connection;
    }
}
