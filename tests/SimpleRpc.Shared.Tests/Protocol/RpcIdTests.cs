using SimpleRpc.Protocol;

namespace SimpleRpc.Shared.Tests.Protocol;

[CancelAfter(10_000)]
public sealed class RpcIdTests
{
    [Test]
    public void None_IsDefaultAndNotPresent()
    {
        Assert.That(RpcId.None, Is.EqualTo(default(RpcId)));
        Assert.That(RpcId.None.IsPresent, Is.False);
        Assert.That(RpcId.Null.IsPresent, Is.True);
        Assert.That(RpcId.None, Is.Not.EqualTo(RpcId.Null));
    }

    [Test]
    public void Equality_NumberAndStringWithSameText_AreDifferent()
    {
        Assert.That(RpcId.From(1), Is.Not.EqualTo(RpcId.From("1")));
        Assert.That(RpcId.From(1) == RpcId.From(1), Is.True);
        Assert.That(RpcId.From("a") != RpcId.From("b"), Is.True);
        var text = new string('a', 1);
        Assert.That(RpcId.From(text).GetHashCode(), Is.EqualTo(RpcId.From("a").GetHashCode()));
    }

    [Test]
    public void ToString_EachKind_IsReadable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RpcId.From(-3).ToString(), Is.EqualTo("-3"));
            Assert.That(RpcId.From("x").ToString(), Is.EqualTo("x"));
            Assert.That(RpcId.Null.ToString(), Is.EqualTo("null"));
            Assert.That(RpcId.None.ToString(), Is.EqualTo("(none)"));
        });
    }

    [Test]
    public void JsonRpcMessage_Failure_WithoutId_UsesNullId()
    {
        var message = JsonRpcMessage.Failure(RpcId.None, new RpcError(RpcErrorCodes.ParseError, "bad"));

        Assert.That(message.Id, Is.EqualTo(RpcId.Null));
        Assert.That(message.IsResponse, Is.True);
    }

    [Test]
    public void JsonRpcMessage_Kinds_AreExclusive()
    {
        Assert.Multiple(() =>
        {
            var request = JsonRpcMessage.Request(RpcId.From(1), "m", null);
            var notification = JsonRpcMessage.Notification("m", null);
            var success = JsonRpcMessage.Success(RpcId.From(1), null);
            Assert.That((request.IsRequest, request.IsNotification, request.IsResponse), Is.EqualTo((true, false, false)));
            Assert.That((notification.IsRequest, notification.IsNotification, notification.IsResponse), Is.EqualTo((false, true, false)));
            Assert.That((success.IsRequest, success.IsNotification, success.IsResponse), Is.EqualTo((false, false, true)));
            Assert.That(success.ResultJson, Is.EqualTo("null"));
        });
    }
}
