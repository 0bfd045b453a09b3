using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Shared.Tests.Rpc;

[TestFixture]
[CancelAfter(10_000)]
public class RemoteExceptionsTests
{
    private static RpcError Threw(string type, string message = "boom") =>
        RpcError.WithData(RpcErrorCodes.ModuleThrew, message, new RemoteErrorData(type, message, "   at Z.Divide(Int32 a, Int32 b) in z.cs:line 35"));

    [TestCase("System.DivideByZeroException", typeof(DivideByZeroException))]
    [TestCase("System.ArgumentException", typeof(ArgumentException))]
    [TestCase("System.ArgumentNullException", typeof(ArgumentNullException))]
    [TestCase("System.ArgumentOutOfRangeException", typeof(ArgumentOutOfRangeException))]
    [TestCase("System.InvalidOperationException", typeof(InvalidOperationException))]
    [TestCase("System.Collections.Generic.KeyNotFoundException", typeof(KeyNotFoundException))]
    [TestCase("System.NotSupportedException", typeof(NotSupportedException))]
    [TestCase("System.FormatException", typeof(FormatException))]
    [TestCase("System.OverflowException", typeof(OverflowException))]
    [TestCase("System.TimeoutException", typeof(TimeoutException))]
    public void ToException_WellKnownType_SameTypeWithRemoteDetailsInside(string remoteType, Type expected)
    {
        var exception = RemoteExceptions.ToException(Threw(remoteType));

        Assert.That(exception, Is.TypeOf(expected));
        Assert.That(exception.Message, Does.StartWith("boom"));
        var inner = (RemoteInvocationException)exception.InnerException!;
        Assert.That(inner.RemoteType, Is.EqualTo(remoteType));
        Assert.That(inner.RemoteStackTrace, Does.Contain("z.cs:line 35"));
    }

    [TestCase("Inventory.OutOfStockException")]
    [TestCase("System.IO.FileNotFoundException")]
    [TestCase("System.AppDomain")]
    [TestCase("")]
    public void ToException_OtherType_RemoteInvocationExceptionNeverCreatedByName(string remoteType)
    {
        var exception = RemoteExceptions.ToException(Threw(remoteType));

        Assert.That(exception, Is.TypeOf<RemoteInvocationException>());
        Assert.That(((RemoteInvocationException)exception).RemoteType, Is.EqualTo(remoteType));
    }

    [Test]
    public void ToException_ProtocolCodes_MapToTimeoutCancelledAndRpcException()
    {
        Assert.That(RemoteExceptions.ToException(new RpcError(RpcErrorCodes.Timeout, "late")), Is.TypeOf<TimeoutException>());
        Assert.That(RemoteExceptions.ToException(new RpcError(RpcErrorCodes.RequestCancelled, "stop")), Is.InstanceOf<OperationCanceledException>());
        var changed = RemoteExceptions.ToException(new RpcError(RpcErrorCodes.ModuleChanged, "rebuild"));
        Assert.That(changed, Is.TypeOf<RpcException>().With.Property(nameof(RpcException.Code)).EqualTo(RpcErrorCodes.ModuleChanged));
    }
}
