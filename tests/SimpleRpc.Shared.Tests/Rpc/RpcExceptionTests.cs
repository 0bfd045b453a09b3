using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Shared.Tests.Rpc;

[CancelAfter(10_000)]
public sealed class RpcExceptionTests
{
    [Test]
    public void FromError_ApplicationCode_KeepsCodeMessageAndData()
    {
        var ex = RpcException.FromError(new RpcError(RpcErrorCodes.CompileFailed, "did not compile", """{"diagnostics":[]}"""));

        Assert.That(ex, Is.TypeOf<RpcException>());
        Assert.That(ex.ToError(), Is.EqualTo(new RpcError(RpcErrorCodes.CompileFailed, "did not compile", """{"diagnostics":[]}""")));
    }

    [Test]
    public void FromError_ModuleThrew_CarriesRemoteTypeAndStack()
    {
        var error = RpcError.WithData(RpcErrorCodes.ModuleThrew, "nope", new RemoteErrorData("System.ArgumentException", "nope", "at Z.F() in z.cs:line 9"));

        var ex = (RemoteInvocationException)RpcException.FromError(error);

        Assert.That(ex.RemoteType, Is.EqualTo("System.ArgumentException"));
        Assert.That(ex.RemoteStackTrace, Is.EqualTo("at Z.F() in z.cs:line 9"));
        Assert.That(ex.ToString(), Does.Contain("System.ArgumentException: nope").And.Contain("z.cs:line 9"));
    }

    [TestCase(null)]
    [TestCase("[1,2]")]
    [TestCase("{\"type\":")]
    public void FromError_ModuleThrewWithBadData_StillGivesMessage(string? data)
    {
        var ex = RpcException.FromError(new RpcError(RpcErrorCodes.ModuleThrew, "it broke", data));

        Assert.That(ex, Is.TypeOf<RemoteInvocationException>());
        Assert.That(ex.Message, Is.EqualTo("it broke"));
        Assert.That(((RemoteInvocationException)ex).RemoteType, Is.EqualTo("System.Exception"));
    }

    [Test]
    public void RpcError_ReadData_WithoutData_IsDefault()
    {
        Assert.That(new RpcError(1, "m").ReadData<RemoteErrorData>(), Is.Null);
    }
}
