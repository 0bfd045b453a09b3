using System.Diagnostics;
using SimpleRpc.Diagnostics;
using SimpleRpc.Protocol;

namespace SimpleRpc.Shared.Tests.Diagnostics;

[TestFixture]
[NonParallelizable]
public sealed class RpcTracingTests
{
    private const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Test]
    public void StartCall_NoListener_ReturnsNull()
    {
        using var source = new ActivitySource("SimpleRpc.Tests.Unheard");
        Assert.That(RpcTracing.StartCall(source, "z.Add", ActivityKind.Server, Parent), Is.Null);
    }

    [Test]
    public void StartCall_TraceParent_ChildOfItWithRpcTags()
    {
        using var source = new ActivitySource("SimpleRpc.Tests.Heard");
        using var listener = Listen(source.Name);
        using var activity = RpcTracing.StartCall(source, "z.Add(System.Int32,System.Int32)", ActivityKind.Server, Parent, "a=b");
        Assert.That(activity, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(activity!.TraceId.ToHexString(), Is.EqualTo("0af7651916cd43dd8448eb211c80319c"));
            Assert.That(activity.ParentSpanId.ToHexString(), Is.EqualTo("b7ad6b7169203331"));
            Assert.That(activity.TraceStateString, Is.EqualTo("a=b"));
            Assert.That(activity.DisplayName, Is.EqualTo("z/Add"));
            Assert.That(activity.GetTagItem("rpc.service"), Is.EqualTo("z"));
            Assert.That(activity.GetTagItem("rpc.method"), Is.EqualTo("Add"));
        });
    }

    [Test]
    public void StartCall_InvalidTraceParent_StartsANewTrace()
    {
        using var source = new ActivitySource("SimpleRpc.Tests.Invalid");
        using var listener = Listen(source.Name);
        using var activity = RpcTracing.StartCall(source, "z.Add", ActivityKind.Server, "not-a-traceparent");
        Assert.That(activity!.ParentSpanId, Is.EqualTo(default(ActivitySpanId)));
    }

    [Test]
    public void EndCall_Error_MarksTheSpanFailed()
    {
        using var source = new ActivitySource("SimpleRpc.Tests.Failed");
        using var listener = Listen(source.Name);
        var activity = RpcTracing.StartCall(source, "z.Divide", ActivityKind.Server);
        RpcTracing.EndCall(activity, new RpcError(-32000, "b must not be zero"));
        Assert.Multiple(() =>
        {
            Assert.That(activity!.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(activity.GetTagItem("rpc.jsonrpc.error_code"), Is.EqualTo(-32000));
            Assert.That(activity.IsStopped, Is.True);
        });
    }

    private static ActivityListener Listen(string name)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
