using Newtonsoft.Json.Linq;
using SimpleRpc.Protocol;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Dispatch;

[TestFixture]
[CancelAfter(60_000)]
public class CallDispatcherTests
{
    private ModuleHost _host = null!;

    [OneTimeSetUp]
    public async Task RegisterZ() => _host = await ModuleHost.WithModuleZAsync();

    private Task<JsonRpcMessage> CallAsync(string method, string? paramsJson, CancellationToken cancellationToken) =>
        _host.Dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(1), method, paramsJson), "test", cancellationToken);

    [TestCase("[1,2]", "3")]
    [TestCase("{\"a\":1,\"b\":2}", "3")]
    [TestCase("{\"B\":2,\"A\":1}", "3")]
    public async Task DispatchAsync_PositionalOrNamed_ReturnsResult(string paramsJson, string result, CancellationToken cancellationToken)
    {
        var reply = await CallAsync("z.Add", paramsJson, cancellationToken);
        Assert.That(reply.ResultJson, Is.EqualTo(result));
    }

    [Test]
    public async Task DispatchAsync_AsyncFunction_AwaitsAndReturnsResult(CancellationToken cancellationToken)
    {
        var reply = await CallAsync("z.SlowAdd", "[2,3,1]", cancellationToken);
        Assert.That(reply.ResultJson, Is.EqualTo("5"));
    }

    [Test]
    public async Task DispatchAsync_VoidFunctionThrows_ReturnsModuleThrewWithTypeAndModuleLine(CancellationToken cancellationToken)
    {
        var reply = await CallAsync("z.Fail", "[\"boom\"]", cancellationToken);
        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.ModuleThrew));
        var data = JObject.Parse(reply.Error.DataJson!);
        Assert.That((string)data["type"]!, Is.EqualTo("System.InvalidOperationException"));
        Assert.That((string)data["stackTrace"]!, Does.Contain("z.cs:line").And.Not.Contains("SimpleRpc.Server"));
    }

    [TestCase("z.Nope", "[]", RpcErrorCodes.MethodNotFound)]
    [TestCase("nomodule.Add", "[]", RpcErrorCodes.MethodNotFound)]
    [TestCase("nodot", "[]", RpcErrorCodes.MethodNotFound)]
    [TestCase("z.Add", "[1]", RpcErrorCodes.InvalidParams)]
    [TestCase("z.Add", "[1,2,3]", RpcErrorCodes.InvalidParams)]
    [TestCase("z.Add", "[\"x\",2]", RpcErrorCodes.InvalidParams)]
    [TestCase("z.Add", "[null,2]", RpcErrorCodes.InvalidParams)]
    [TestCase("z.Add", "{\"a\":1,\"c\":2}", RpcErrorCodes.InvalidParams)]
    public async Task DispatchAsync_BadCall_ReturnsSpecCode(string method, string paramsJson, int code, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(method, paramsJson, cancellationToken);
        Assert.That(reply.Error?.Code, Is.EqualTo(code), reply.Error?.Message);
    }
}
