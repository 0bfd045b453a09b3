using SimpleRpc.Protocol;
using SimpleRpc.Serialization;

namespace SimpleRpc.Shared.Tests.Serialization;

/// <summary>The optional <c>traceparent</c> and <c>tracestate</c> members of a request.</summary>
[TestFixture]
public sealed class TraceContextMemberTests
{
    private const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Test]
    public void Parse_TraceMembers_ReadsThem()
    {
        var message = JsonRpcFormatter.Parse($$"""{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[1,2],"traceparent":"{{Parent}}","tracestate":"congo=t61rcWkgMzE"}""");
        Assert.Multiple(() =>
        {
            Assert.That(message.TraceParent, Is.EqualTo(Parent));
            Assert.That(message.TraceState, Is.EqualTo("congo=t61rcWkgMzE"));
        });
    }

    [Test]
    public void Format_RequestWithTrace_RoundTrips()
    {
        var sent = new JsonRpcMessage { Id = RpcId.From(7), Method = "z.Add", ParamsJson = "[1,2]", TraceParent = Parent, TraceState = "a=b" };
        var text = JsonRpcFormatter.Format(sent);
        Assert.That(text, Does.EndWith($$""","traceparent":"{{Parent}}","tracestate":"a=b"}"""));
        var read = JsonRpcFormatter.Parse(text);
        Assert.That((read.TraceParent, read.TraceState), Is.EqualTo((Parent, "a=b")));
    }

    [Test]
    public void Format_RequestWithoutTrace_HasNoTraceMembers() =>
        Assert.That(JsonRpcFormatter.Format(JsonRpcMessage.Request(RpcId.From(1), "z.Add", "[1,2]")), Does.Not.Contain("trace"));

    [TestCase("42")]
    [TestCase("{\"a\":1}")]
    [TestCase("null")]
    public void Parse_TraceParentNotAString_IgnoredNotRefused(string value)
    {
        var message = JsonRpcFormatter.Parse($$"""{"jsonrpc":"2.0","id":1,"method":"z.Add","params":[],"traceparent":{{value}}}""");
        Assert.That(message.TraceParent, Is.Null);
    }

    [Test]
    public void WithId_RelayedRequest_KeepsTraceContext()
    {
        var request = new JsonRpcMessage { Id = RpcId.From(1), Method = "z.Add", TraceParent = Parent, TraceState = "a=b" };
        var relayed = request.WithId(RpcId.From(99));
        Assert.That((relayed.TraceParent, relayed.TraceState), Is.EqualTo((Parent, "a=b")));
    }
}
