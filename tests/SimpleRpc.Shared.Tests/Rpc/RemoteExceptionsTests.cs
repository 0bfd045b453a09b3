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
    [TestCase("System.ArgumentException", typeof(ArgumentException))]
    [TestCase("System.ArgumentNullException", typeof(ArgumentNullException))]
    [TestCase("System.ArgumentOutOfRangeException", typeof(ArgumentOutOfRangeException))]
    public void ToException_ArgumentFamilyWithParamName_KeepsParamNameMessageAndRemoteDetails(string remoteType, Type expected)
    {
        var error = RpcError.WithData(
            RpcErrorCodes.ModuleThrew,
            "At least one point is needed. (Parameter 'points')",
            new RemoteErrorData(remoteType, "At least one point is needed. (Parameter 'points')", "   at Z.F() in z.cs:line 3", "points"));

        var exception = (ArgumentException)RemoteExceptions.ToException(error);

        Assert.That(exception, Is.TypeOf(expected));
        Assert.That(exception.ParamName, Is.EqualTo("points"));
        Assert.That(exception.Message, Is.EqualTo("At least one point is needed. (Parameter 'points')"));
        Assert.That(((RemoteInvocationException)exception.InnerException!).RemoteType, Is.EqualTo(remoteType));
    }

    [Test]
    public void ToException_InnerExceptionChain_BecomesInnerExceptionsOfTheRemoteException()
    {
        var data = new RemoteErrorData(
            "System.TypeInitializationException",
            "The type initializer for 'Samples.Table' threw an exception.",
            "   at Samples.Api.Look() in t.cs:line 9",
            Inner: new RemoteErrorData(
                "System.ArgumentException",
                "No table. (Parameter 'name')",
                "   at Samples.Table..cctor() in t.cs:line 4",
                "name",
                new RemoteErrorData("Samples.TableMissingException", "gone", null)));
        var error = RpcError.WithData(RpcErrorCodes.ModuleThrew, data.Message, data);

        var exception = (RemoteInvocationException)RemoteExceptions.ToException(error);

        Assert.That(exception.RemoteType, Is.EqualTo("System.TypeInitializationException"));
        var cause = exception.InnerException as ArgumentException;
        Assert.That(cause, Is.TypeOf<ArgumentException>());
        Assert.That(cause!.ParamName, Is.EqualTo("name"));
        var causeDetails = (RemoteInvocationException)cause.InnerException!;
        Assert.That(causeDetails.RemoteStackTrace, Does.Contain("t.cs:line 4"));
        Assert.That(causeDetails.InnerException, Is.TypeOf<RemoteInvocationException>()
            .With.Property(nameof(RemoteInvocationException.RemoteType)).EqualTo("Samples.TableMissingException")
            .And.Property(nameof(Exception.Message)).EqualTo("gone"));
        Assert.That(exception.GetBaseException().Message, Is.EqualTo("gone"));
    }

    [Test]
    public void ToException_ModuleTypeListedByTheProxy_CreatesTheProxyType()
    {
        var types = new RemoteExceptionTypes().Add("Shapes.ShapeException", remote => new ShapeException(remote));

        var exception = RemoteExceptions.ToException(Threw("Shapes.ShapeException", "bad shape"), types);

        Assert.That(exception, Is.TypeOf<ShapeException>());
        var shape = (ShapeException)exception;
        Assert.That(shape.Message, Is.EqualTo("bad shape"));
        Assert.That(shape.RemoteType, Is.EqualTo("Shapes.ShapeException"));
        Assert.That(shape.RemoteStackTrace, Does.Contain("z.cs:line 35"));
        Assert.That(shape.Code, Is.EqualTo(RpcErrorCodes.ModuleThrew));
    }

    [Test]
    public void ToException_ModuleTypeNotListed_StaysRemoteInvocationException()
    {
        var types = new RemoteExceptionTypes().Add("Shapes.ShapeException", remote => new ShapeException(remote));

        var exception = RemoteExceptions.ToException(Threw("Shapes.OtherException"), types);

        Assert.That(exception, Is.TypeOf<RemoteInvocationException>());
    }

    [Test]
    public void Add_SameRemoteTypeTwice_Throws()
    {
        var types = new RemoteExceptionTypes().Add("Shapes.ShapeException", remote => new ShapeException(remote));

        Assert.That(() => types.Add("Shapes.ShapeException", remote => new ShapeException(remote)), Throws.ArgumentException);
    }

    /// <summary>What a proxy declares for a module's exception type.</summary>
    private sealed class ShapeException(RemoteInvocationException remote) : RemoteInvocationException(remote);
}
