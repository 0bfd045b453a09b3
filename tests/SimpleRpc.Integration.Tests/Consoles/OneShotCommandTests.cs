using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Consoles;

/// <summary>
/// <c>simplerpc-stub register|unregister|modules|call</c> run once against a real server, and a
/// piped stub console: what they print and the exit codes scripts rely on.
/// </summary>
[TestFixture]
[NonParallelizable]
public class OneShotCommandTests : ModuleZFixture
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Register_ModuleCompiles_PrintsRegisteredAndExitsZero(CancellationToken cancellationToken)
    {
        var path = WriteModule("oneshotok", "public static class OneShotOk { public static int Twice(int x) => 2 * x; }");
        var (code, lines) = await RunAsync("register", path);
        Assert.That(code, Is.Zero, string.Join('\n', lines));
        Assert.That(lines, Has.Some.Match(@"^Registered oneshotok v1 \(1 functions"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Register_ModuleDoesNotCompile_PrintsDiagnosticsAndExitsNonZero(CancellationToken cancellationToken)
    {
        var path = WriteModule("oneshotbad", "public static class OneShotBad { public static int F() => missing; }");
        var (code, lines) = await RunAsync("register", path);
        Assert.That(code, Is.Not.Zero);
        Assert.That(lines, Has.Some.Contain("missing"), "the compiler's diagnostic names the unknown identifier");
        Assert.That(lines, Has.None.Match("^Registered"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_WordsAsArguments_PrintsResultAndExitsZero(CancellationToken cancellationToken)
    {
        var (code, lines) = await RunAsync("call", "z.Add", "1", "2");
        Assert.That(code, Is.Zero, string.Join('\n', lines));
        Assert.That(lines, Does.Contain("3"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_NegativeArguments_AreValuesNotOptions(CancellationToken cancellationToken)
    {
        var (code, lines) = await RunAsync("call", "z.Multiply", "-1.5", "-2");
        Assert.That(code, Is.Zero, string.Join('\n', lines));
        Assert.That(lines, Does.Contain("3.0"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_OptionAfterTheFunction_IsAnArgumentAndTheErrorSaysWhereOptionsGo(CancellationToken cancellationToken)
    {
        var (code, lines) = await RunAsync("call", "z.Add", "1", "2", "--name", "other");
        Assert.That(code, Is.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines, Has.None.EqualTo("3"), "--name other is not taken as the stub's option");
        Assert.That(lines, Has.Some.Match("^error: The arguments are not valid C#"), "z.Add(1, 2, --name, other) is not C#");
        Assert.That(lines, Has.Some.Contains("--name included; options go before the function"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_ModuleThrows_PrintsCodeAndMessageAndExitsNonZero(CancellationToken cancellationToken)
    {
        var (code, lines) = await RunAsync("call", "z.Divide", "1", "0");
        Assert.That(code, Is.Not.Zero);
        Assert.That(lines, Has.Some.Match(@"^z\.Divide failed: System\.DivideByZeroException: b must not be zero \(code -32000\)$"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Unregister_UnknownModule_ExitsNonZero(CancellationToken cancellationToken)
    {
        var (code, lines) = await RunAsync("unregister", "nosuchmodule");
        Assert.That(code, Is.Not.Zero);
        Assert.That(lines, Has.Some.Match("^error: .*nosuchmodule"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Modules_Json_PrintsParseableArrayWithZ(CancellationToken cancellationToken)
    {
        var (code, lines) = await RunAsync("modules", "--json");
        Assert.That(code, Is.Zero, string.Join('\n', lines));
        var start = lines.ToList().FindIndex(l => l == "[");
        Assert.That(start, Is.GreaterThanOrEqualTo(0), string.Join('\n', lines));
        var end = lines.ToList().FindIndex(start, l => l == "]");
        var modules = JArray.Parse(string.Join('\n', lines.Skip(start).Take(end - start + 1)));
        var z = modules.Single(m => (string?)m["name"] == "z");
        Assert.That((int?)z["serverVersion"], Is.EqualTo(1));
        Assert.That(z["functions"]!.Values<string>(), Has.Some.Contain("Add"));
    }

    [TestCase("modules", 0)]
    [TestCase("unregister nosuchmodule", 1)]
    [CancelAfter(120_000)]
    public async Task PipedConsole_EndOfInput_ExitCodeSaysWhetherACommandFailed(string command, int expected, CancellationToken cancellationToken)
    {
        var stub = await Cluster.StartStubAsync("piped");
        var mark = stub.Process.LineCount;
        stub.Process.Send(command);
        stub.Process.Send("stats");
        await stub.Process.WaitForLineAsync("^stats: ", Cluster.StepTimeout, mark);
        await stub.Process.StopAsync(Cluster.StepTimeout);
        Assert.That(await stub.Process.WaitForExitAsync(Cluster.StepTimeout), Is.EqualTo(expected));
    }

    private string WriteModule(string name, string source)
    {
        var path = Path.Combine(Cluster.WorkDir, name + ".cs");
        File.WriteAllText(path, "namespace Samples;\n" + source + "\n");
        return path;
    }

    // Runs `simplerpc-stub <options> <args>` against the cluster's server and returns its exit code and every line it printed.
    private async Task<(int Code, IReadOnlyList<string> Lines)> RunAsync(params string[] args)
    {
        // The options first: after call's function every word is an argument of the call.
        var all = new[] { "--server", Cluster.ServerEndpoint, "--name", "oneshot", "--proxy-dir", Path.Combine(Cluster.WorkDir, "proxies", "oneshot") }.Concat(args);
        var process = Cluster.Start("oneshot " + args[0], "ClientStub", "SimpleRpc.ClientStub.dll", all);
        var code = await process.WaitForExitAsync(Cluster.StepTimeout);
        return (code, process.Lines);
    }
}
