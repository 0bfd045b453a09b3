using Newtonsoft.Json.Linq;
using SimpleRpc.Protocol;

namespace SimpleRpc.ConsoleScripting.Tests;

[TestFixture]
[CancelAfter(60_000)]
public class ConsoleCallScriptTests
{
    [TestCase("z.Add(1, 2)", "z.Add", "1, 2")]
    [TestCase("  z.Add ( 1, 2 )  ", "z.Add", "1, 2")]
    [TestCase("geometry.Area()", "geometry.Area", "")]
    [TestCase("z.Greet(\"a)b\")", "z.Greet", "\"a)b\"")]
    [TestCase("_m.F_1(new[] { 1, 2 })", "_m.F_1", "new[] { 1, 2 }")]
    public void Parse_Call_SplitsMethodAndArguments(string text, string method, string arguments) =>
        Assert.That(ConsoleCallScript.Parse(text), Is.EqualTo((method, arguments)));

    [TestCase("z.Add 1 2")]
    [TestCase("Add(1, 2)")]
    [TestCase("z.Add(1, 2")]
    [TestCase("1z.Add(1)")]
    [TestCase("z.a.Add(1)")]
    [TestCase("")]
    public void Parse_NotACall_ThrowsFormatExceptionWithUsage(string text) =>
        Assert.That(() => ConsoleCallScript.Parse(text), Throws.TypeOf<FormatException>().With.Message.EqualTo(ConsoleCallScript.Usage));

    [Test]
    public async Task CreateRequestAsync_ExpressionArguments_GivesPositionalJsonParams(CancellationToken cancellationToken)
    {
        var request = await new ConsoleCallScript("test").CreateRequestAsync("z.Sum(Enumerable.Range(1, 3).ToArray())", cancellationToken);
        Assert.That((request.Method, JToken.Parse(request.ParamsJson!).ToString(Newtonsoft.Json.Formatting.None)), Is.EqualTo(("z.Sum", "[[1,2,3]]")));
    }

    [Test]
    public async Task EvaluateAsync_SameTextAgain_CompilesOnce(CancellationToken cancellationToken)
    {
        var script = new ConsoleCallScript("test");
        Assert.That(await script.EvaluateAsync("1, 2 * 3", cancellationToken), Is.EqualTo(new object[] { 1, 6 }));
        Assert.That(await script.EvaluateAsync("1, 2 * 3", cancellationToken), Is.EqualTo(new object[] { 1, 6 }));
        Assert.That(await script.EvaluateAsync("  ", cancellationToken), Is.Empty);
        Assert.That(script.CompiledCount, Is.EqualTo(1), "an empty list compiles nothing");
    }

    [Test]
    public async Task EvaluateAsync_PastLimit_RefusesNewTextsButRunsCachedOnes(CancellationToken cancellationToken)
    {
        var script = new ConsoleCallScript("stub", maxCachedScripts: 2);
        await script.EvaluateAsync("1", cancellationToken);
        await script.EvaluateAsync("2", cancellationToken);
        Assert.That(() => script.EvaluateAsync("3", cancellationToken), Throws.InvalidOperationException.With.Message.Contains("2 distinct argument lists, its limit").And.Message.EndsWith("restart the stub."));
        Assert.That(await script.EvaluateAsync("2", cancellationToken), Is.EqualTo(new object[] { 2 }));
        Assert.That(script.CompiledCount, Is.EqualTo(2));
    }

    [Test]
    public void EvaluateAsync_InvalidCSharp_ThrowsAndCachesNothing()
    {
        var script = new ConsoleCallScript("test", maxCachedScripts: 1);
        Assert.That(() => script.EvaluateAsync("1, +", CancellationToken.None), Throws.TypeOf<FormatException>().With.Message.StartsWith("The arguments are not valid C#: "));
        Assert.That(script.CompiledCount, Is.Zero);
    }

    [Test]
    public void FormatReply_Result_PrintsMethodEqualsJson() =>
        Assert.That(ConsoleCallScript.FormatReply("z.Add", JsonRpcMessage.Success(RpcId.From(1), "3")), Is.EqualTo("z.Add = 3"));

    [Test]
    public void FormatReply_RemoteException_PrintsTypeMessageCodeAndStackTrace()
    {
        var error = RpcError.WithData(RpcErrorCodes.ModuleThrew, "b must not be zero", new RemoteErrorData("System.DivideByZeroException", "b must not be zero", "   at Samples.Z.Divide(Int32 a, Int32 b) in z.cs:line 33\n"));
        var line = ConsoleCallScript.FormatReply("z.Divide", JsonRpcMessage.Failure(RpcId.From(1), error));
        Assert.That(line, Is.EqualTo($"z.Divide failed: System.DivideByZeroException: b must not be zero (code {RpcErrorCodes.ModuleThrew}){Environment.NewLine}   at Samples.Z.Divide(Int32 a, Int32 b) in z.cs:line 33"));
    }

    [Test]
    public void FormatReply_ErrorWithoutException_PrintsMessageCodeAndData()
    {
        var plain = ConsoleCallScript.FormatReply("z.Nope", JsonRpcMessage.Failure(RpcId.From(1), new RpcError(RpcErrorCodes.MethodNotFound, "Method not found: z.Nope")));
        var other = ConsoleCallScript.FormatReply("z.Add", JsonRpcMessage.Failure(RpcId.From(1), new RpcError(-32002, "module changed", "{\"expected\":1}")));
        Assert.That(plain, Is.EqualTo($"z.Nope failed: Method not found: z.Nope (code {RpcErrorCodes.MethodNotFound})"));
        Assert.That(other, Is.EqualTo("z.Add failed: module changed (code -32002) {\"expected\":1}"));
    }
}
