using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Shared.Tests.Support;

namespace SimpleRpc.Shared.Tests.Rpc;

/// <summary>
/// A request's registration on the caller's cancellation token goes with its reply, whether the
/// reply comes before or after the registration is made: a long-lived token keeps nothing of
/// finished calls, and cancelling it later tells the peer nothing.
/// </summary>
[CancelAfter(30_000)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class JsonRpcConnectionRegistrationTests
{
    private readonly List<JsonRpcConnection> _connections = [];
    private int _cancelsSeen;

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Test]
    public async Task SendRequestAsync_ManyCallsOnOneLongLivedToken_NoneKeptAfterItsReply(CancellationToken cancellationToken)
    {
        var client = Start();
        using var longLived = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var calls = CallMany(client, 200, longLived.Token);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.That(calls.Count(c => c.TryGetTarget(out _)), Is.Zero, "a finished call is still reachable from the token");
        await longLived.CancelAsync();
        var after = await client.SendRequestAsync("echo", "[0]", cancellationToken);
        Assert.That((after.ResultJson, Volatile.Read(ref _cancelsSeen)), Is.EqualTo(("[0]", 0)), "cancelling later tells the peer nothing");
    }

    // Not async: an async method's finished task keeps its last locals, and so the last call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference<Task<JsonRpcMessage>>> CallMany(JsonRpcConnection client, int count, CancellationToken token)
    {
        var calls = new List<WeakReference<Task<JsonRpcMessage>>>();
        for (var i = 0; i < count; i++)
        {
            var call = client.SendRequestAsync("echo", $"[{i}]", token);
            calls.Add(new WeakReference<Task<JsonRpcMessage>>(call));
            Assert.That(call.GetAwaiter().GetResult().ResultJson, Is.EqualTo($"[{i}]"));
        }

        return calls;
    }

    private JsonRpcConnection Start()
    {
        var (a, b) = DuplexPipe.Create();
        var server = new JsonRpcConnection(a, new JsonRpcConnectionOptions { DedicatedReadThreads = 1_000 }, NullLogger.Instance, "server")
        {
            RequestHandler = (connection, message) =>
            {
                if (message.Method == JsonRpcMessage.CancelRequestMethod)
                {
                    Interlocked.Increment(ref _cancelsSeen);
                }
                else if (message.IsRequest)
                {
                    connection.Send(JsonRpcMessage.Success(message.Id, message.ParamsJson));
                }

                return ValueTask.CompletedTask;
            },
        };
        var client = new JsonRpcConnection(b, new JsonRpcConnectionOptions { DedicatedReadThreads = 1_000 }, NullLogger.Instance, "client");
        _connections.Add(client);
        _connections.Add(server);
        server.Start();
        client.Start();
        return client;
    }
}
