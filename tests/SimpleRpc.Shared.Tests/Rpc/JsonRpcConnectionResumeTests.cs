using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Shared.Tests.Support;

namespace SimpleRpc.Shared.Tests.Rpc;

/// <summary>
/// With <see cref="JsonRpcConnectionOptions.ResumeCallersOnReader"/>, the code awaiting a reply
/// resumes on the reading thread that read it (no hand-off to the pool); code that blocks there
/// cannot stall the connection (a new thread reads on), and code that runs long three times sends
/// the connection's callers back to the pool for good. Without it, or on a read loop of the pool,
/// callers resume on the pool.
/// </summary>
[CancelAfter(30_000)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class JsonRpcConnectionResumeTests
{
    private readonly List<JsonRpcConnection> _connections = [];

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Test]
    public async Task SendRequestAsync_ResumeCallersOnReader_CallerResumesOnTheReadingThread(CancellationToken cancellationToken)
    {
        var client = Start(resume: true, dedicatedReadThreads: 1_000);

        Assert.That(await ResumedOnAsync(client, cancellationToken), Is.EqualTo("SimpleRpc reader"));
    }

    [Test]
    public async Task SendRequestAsync_Default_CallerResumesOnThePool(CancellationToken cancellationToken)
    {
        var client = Start(resume: false, dedicatedReadThreads: 1_000);

        Assert.That(await ResumedOnAsync(client, cancellationToken), Is.EqualTo("pool"));
    }

    [Test]
    public async Task SendRequestAsync_ResumeCallersOnReaderOnAPoolReadLoop_CallerResumesOnThePool(CancellationToken cancellationToken)
    {
        var client = Start(resume: true, dedicatedReadThreads: 0);

        Assert.That(await ResumedOnAsync(client, cancellationToken), Is.EqualTo("pool"));
    }

    [Test]
    public async Task SendRequestAsync_CallerBlocksOnAnotherReplyOfTheSameConnection_GetsItAfterATakeover(CancellationToken cancellationToken)
    {
        var client = Start(resume: true, dedicatedReadThreads: 1_000);

        var first = await client.SendRequestAsync("echo", "[1]", cancellationToken).ConfigureAwait(false);

        // Resumed on the reading thread, this blocks the very thread that must read the next
        // reply: the watchdog gives the reading to a new thread, which delivers it.
        Assert.That(Thread.CurrentThread.Name, Is.EqualTo("SimpleRpc reader"));
        var second = client.SendRequestAsync(Request("[2]"), TimeSpan.FromSeconds(20), mayShareWrite: false, CancellationToken.None);
        Assert.That(second.Wait(TimeSpan.FromSeconds(20), cancellationToken), Is.True, "the reply came while this thread blocked");
        Assert.That((first.ResultJson, second.Result.ResultJson), Is.EqualTo(("[1]", "[2]")));
    }

    [Test]
    public async Task SendRequestAsync_CallerRunsLongThreeTimes_LaterCallersResumeOnThePool(CancellationToken cancellationToken)
    {
        var client = Start(resume: true, dedicatedReadThreads: 1_000);

        for (var strike = 1; strike <= 3; strike++)
        {
            Assert.That(await ResumedOnAsync(client, cancellationToken, holdMs: 30), Is.EqualTo("SimpleRpc reader"), $"long run {strike}");
        }

        Assert.That(await ResumedOnAsync(client, cancellationToken), Is.EqualTo("pool"));
    }

    [Test]
    public async Task SendRequestAsync_CancelledWhileResumingOnReader_CallerCancelledOnThePool(CancellationToken cancellationToken)
    {
        var client = Start(resume: true, dedicatedReadThreads: 1_000, answer: false);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var call = client.SendRequestAsync("echo", "[1]", cancel.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
    }

    // Where the code after the await ran: the reading thread's name, or "pool".
    private static async Task<string?> ResumedOnAsync(JsonRpcConnection client, CancellationToken cancellationToken, int holdMs = 0)
    {
        var reply = await client.SendRequestAsync("echo", "[7]", cancellationToken).ConfigureAwait(false);
        Assert.That(reply.ResultJson, Is.EqualTo("[7]"));
        var where = Thread.CurrentThread.IsThreadPoolThread ? "pool" : Thread.CurrentThread.Name;
        if (holdMs > 0)
        {
            // Long work after the await, as an app may do.
            Thread.Sleep(holdMs);
        }

        return where;
    }

    private static JsonRpcMessage Request(string paramsJson) => new() { Id = RpcId.None, Method = "echo", ParamsJson = paramsJson };

    private JsonRpcConnection Start(bool resume, int dedicatedReadThreads, bool answer = true)
    {
        var (a, b) = DuplexPipe.Create();
        var server = new JsonRpcConnection(a, new JsonRpcConnectionOptions { DedicatedReadThreads = 1_000 }, NullLogger.Instance, "server")
        {
            RequestHandler = (connection, message) =>
            {
                if (answer && message.IsRequest)
                {
                    connection.Send(JsonRpcMessage.Success(message.Id, message.ParamsJson));
                }

                return ValueTask.CompletedTask;
            },
        };
        var client = new JsonRpcConnection(b, new JsonRpcConnectionOptions { DedicatedReadThreads = dedicatedReadThreads, ResumeCallersOnReader = resume }, NullLogger.Instance, "client");
        _connections.Add(client);
        _connections.Add(server);
        server.Start();
        client.Start();
        return client;
    }
}
