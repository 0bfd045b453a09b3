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

    // The server answers a request only when the test lets it, after the caller's await is in
    // place: a reply that came first would complete the call before the await, on the test's thread.
    private readonly SemaphoreSlim _answers = new(0);

    [TearDown]
    public async Task TearDownAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _answers.Dispose();
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

        var call = client.SendRequestAsync("echo", "[1]", cancellationToken);
        var awaiting = AfterAsync(call);
        _answers.Release();
        var first = await (await awaiting.ConfigureAwait(false)).ConfigureAwait(false);

        // Resumed on the reading thread, this blocks the very thread that must read the next
        // reply: the watchdog gives the reading to a new thread, which delivers it.
        Assert.That(Thread.CurrentThread.Name, Is.EqualTo("SimpleRpc reader"));
        var second = client.SendRequestAsync(Request("[2]"), TimeSpan.FromSeconds(20), mayShareWrite: false, CancellationToken.None);
        _answers.Release();
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
    private async Task<string?> ResumedOnAsync(JsonRpcConnection client, CancellationToken cancellationToken, int holdMs = 0)
    {
        var call = client.SendRequestAsync("echo", "[7]", cancellationToken);
        var resumed = ResumedAfterAsync(call, holdMs);
        _answers.Release();
        return await resumed;
    }

    // Awaits the call at once (the await is in place when this returns) and tells where it resumed.
    private static async Task<string?> ResumedAfterAsync(Task<JsonRpcMessage> call, int holdMs)
    {
        var reply = await call.ConfigureAwait(false);
        Assert.That(reply.ResultJson, Is.EqualTo("[7]"));
        var where = Thread.CurrentThread.IsThreadPoolThread ? "pool" : Thread.CurrentThread.Name;
        if (holdMs > 0)
        {
            // Long work after the await, as an app may do.
            Thread.Sleep(holdMs);
        }

        return where;
    }

    // The call's task, handed on once its await is in place.
    private static async Task<Task<JsonRpcMessage>> AfterAsync(Task<JsonRpcMessage> call)
    {
        await ((Task)call).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return call;
    }

    private static JsonRpcMessage Request(string paramsJson) => new() { Id = RpcId.None, Method = "echo", ParamsJson = paramsJson };

    private JsonRpcConnection Start(bool resume, int dedicatedReadThreads, bool answer = true)
    {
        var (a, b) = DuplexPipe.Create();
        var server = new JsonRpcConnection(a, new JsonRpcConnectionOptions { DedicatedReadThreads = 1_000 }, NullLogger.Instance, "server")
        {
            RequestHandler = async (connection, message) =>
            {
                if (answer && message.IsRequest)
                {
                    await _answers.WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
                    connection.Send(JsonRpcMessage.Success(message.Id, message.ParamsJson));
                }
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
