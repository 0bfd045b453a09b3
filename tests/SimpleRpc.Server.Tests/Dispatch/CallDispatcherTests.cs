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

    // A call off the wire keeps its params as the UTF-8 bytes they came in (read by Utf8TextReader
    // and ParamsShape's UTF-8 scan); one built from text goes the string way. Both must answer alike.
    [TestCase("z.Add", "[1,2]")]
    [TestCase("z.Add", "{\"b\":2,\"A\":1}")]
    [TestCase("z.Add", " [ 1 , 2 ] ")]
    [TestCase("z.Reverse", "[\"h\u00e9llo \u2713 \ud83d\ude00 \\\" tab\\t end\"]")]
    [TestCase("z.Reverse", "{\"te\\u0078t\":\"named, escaped name\"}")]
    [TestCase("z.Words", "[\"one two  three\"]")]
    [TestCase("z.Sum", "[[1,2,3,4]]")]
    [TestCase("z.Add", "[1]")]
    [TestCase("z.Add", "[1,2,3]")]
    [TestCase("z.Add", "[\"x\",2]")]
    [TestCase("z.Add", "{\"a\":1,\"c\":2}")]
    public async Task DispatchAsync_ParamsAsReceivedBytes_AnswersAsFromText(string method, string paramsJson, CancellationToken cancellationToken)
    {
        var line = $"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"{method}\",\"params\":{paramsJson}}}";
        var wire = global::SimpleRpc.Serialization.JsonRpcFormatter.Parse(line);
        Assume.That(wire.ParamsUtf8.IsEmpty, Is.False, "a parsed call keeps its params' bytes");

        var fromWire = await _host.Dispatcher.DispatchAsync(wire, "test", cancellationToken);
        var fromText = await CallAsync(method, paramsJson.Trim(), cancellationToken);

        // Compared as they go on the wire (a reversed surrogate pair is two lone halves either way).
        Assert.That(global::SimpleRpc.Serialization.JsonRpcFormatter.Format(fromWire), Is.EqualTo(global::SimpleRpc.Serialization.JsonRpcFormatter.Format(fromText)));
        Assert.That(fromWire.Error?.Code, Is.EqualTo(fromText.Error?.Code));
    }

    [Test]
    public async Task DispatchAsync_LongNonAsciiStringFromTheWire_ComesBackReversed(CancellationToken cancellationToken)
    {
        // Longer than the binder's read buffer, with multi-byte characters across its edges.
        var text = string.Concat(Enumerable.Repeat("aé✓中", 1500));
        var line = global::SimpleRpc.Serialization.JsonRpcFormatter.Format(JsonRpcMessage.Request(RpcId.From(1), "z.Reverse", global::SimpleRpc.Serialization.RpcJson.Serialize(new[] { text })));

        var reply = await _host.Dispatcher.DispatchAsync(global::SimpleRpc.Serialization.JsonRpcFormatter.Parse(line), "test", cancellationToken);

        var expected = new string(text.Reverse().ToArray());
        Assert.That(global::SimpleRpc.Serialization.RpcJson.Deserialize<string>(reply.ResultJson!), Is.EqualTo(expected));
        Assert.That(reply.ResultUtf8.ToArray(), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(global::SimpleRpc.Serialization.RpcJson.Serialize(expected))), "the result is UTF-8 as a reply carries it");
    }

    [TestCase("z.Add(int,int)", "[1,2]", "3")]
    [TestCase("z.Sum(int[])", "[[1,2,3]]", "6")]
    [TestCase("z.SlowAdd(int,int,int)", "[1,2,1]", "3")]
    public async Task DispatchAsync_SignatureId_CallsThatOverload(string method, string paramsJson, string result, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(method, paramsJson, cancellationToken);
        Assert.That(reply.ResultJson, Is.EqualTo(result), reply.Error?.Message);
    }

    [Test]
    public async Task DispatchAsync_SignatureNoLongerExists_ModuleChangedNamingBothVersions(CancellationToken cancellationToken)
    {
        var request = new JsonRpcMessage { Id = RpcId.From(1), Method = "z.Add(long,long)", ParamsJson = "[1,2]", ModuleVersion = 7 };
        var reply = await _host.Dispatcher.DispatchAsync(request, "test", cancellationToken);
        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.ModuleChanged));
        Assert.That(reply.Error.Message, Does.Contain("built against v7").And.Contains("the server has v1").And.Contains("int Add(int a, int b)").And.Contains("Rebuild the app"));
    }

    [Test]
    public async Task DispatchAsync_FunctionRemoved_ModuleChanged(CancellationToken cancellationToken)
    {
        var reply = await CallAsync("z.Gone(int)", "[1]", cancellationToken);
        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.ModuleChanged));
        Assert.That(reply.Error.Message, Does.Contain("no function of that name"));
    }

    [Test]
    public async Task DispatchAsync_PastDeadline_TimeoutReplyWithoutWaitingForTheFunction(CancellationToken cancellationToken)
    {
        var request = new JsonRpcMessage { Id = RpcId.From(1), Method = "z.SlowAdd", ParamsJson = "[1,2,60000]", TimeoutMs = 100 };
        var reply = await _host.Dispatcher.DispatchAsync(request, "test", cancellationToken).WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.Timeout));
        Assert.That(reply.Error.Message, Does.Contain("deadline of 100 ms"));
    }

    [Test]
    public async Task DispatchAsync_CallerCancels_CancelledReplyAndModuleSawTheToken(CancellationToken cancellationToken)
    {
        using var cancel = new CancellationTokenSource();
        var call = _host.Dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(1), "z.SlowAdd", "[1,2,60000]"), "test", cancel.Token);
        await cancel.CancelAsync();
        var reply = await call.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        Assert.That(reply.Error!.Code, Is.EqualTo(RpcErrorCodes.RequestCancelled));
        // The module's Task.Delay saw the token and ended, so the call is not left running.
        var module = _host.Registry.Find("z")!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (module.ActiveCalls != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        Assert.That(module.ActiveCalls, Is.Zero);
        Assert.That(_host.Log.Events.Select(e => e.MessageTemplate.Text), Has.None.Contains("no longer waiting"), "the function stopped when cancelled");
    }
}
