using SimpleRpc.Protocol;
using SimpleRpc.Serialization;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Dispatch;

/// <summary>The front door: what <see cref="CallDispatcher"/> hands its invoker, whichever it is.</summary>
[TestFixture]
[CancelAfter(10_000)]
public class CallDispatcherDeadlineTests
{
    private static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [TestCase(null, 30_000)]
    [TestCase(1500, 1500)]
    [TestCase(600_000, 60_000)]
    public async Task DispatchAsyncAndDispatch_TimeoutMs_InvokerGetsItCappedOrTheDefault(int? timeoutMs, int expectedMs, CancellationToken cancellationToken)
    {
        var invoker = new RecordingInvoker();
        var dispatcher = new CallDispatcher(invoker, Default, Max);
        var timeout = timeoutMs is null ? string.Empty : ",\"timeoutMs\":" + timeoutMs;
        var request = JsonRpcFormatter.Parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"z.Add\",\"params\":[1,2]" + timeout + "}");

        var reply = await dispatcher.DispatchAsync(request, "alpha", cancellationToken);
        var completion = new CallCompletionSource();
        dispatcher.Dispatch(request, "alpha", cancellationToken, completion);

        Assert.That(reply.ResultJson, Is.EqualTo("0"));
        Assert.That((await completion.Task).ResultJson, Is.EqualTo("0"));
        Assert.That(invoker.Calls, Is.EqualTo(new[] { ("z.Add", "alpha", TimeSpan.FromMilliseconds(expectedMs)), ("z.Add", "alpha", TimeSpan.FromMilliseconds(expectedMs)) }));
    }

    [Test]
    public async Task DispatchAsync_WithCallers_CountsEveryCallBeforeItRuns(CancellationToken cancellationToken)
    {
        var callers = new RecentCallers();
        var dispatcher = new CallDispatcher(new RecordingInvoker(), Default, Max) { Callers = callers };

        await dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(1), "z.Add", "[1,2]"), "alpha", cancellationToken);
        await dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(2), "z.Add", "[1,2]"), "alpha", cancellationToken);

        Assert.That(callers.Callers("z", "Add").Select(c => (c.Client, c.Calls)), Is.EqualTo(new[] { ("alpha", 2L) }));
    }
}
