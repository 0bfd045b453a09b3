using System.Text.RegularExpressions;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Consoles;

/// <summary>`call` typed into a real stub's console (and the server's): C# arguments, the module's answer or its exception.</summary>
[TestFixture]
[NonParallelizable]
public class StubConsoleCallTests : ModuleZFixture
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Call_ExpressionArguments_PrintsResult(CancellationToken cancellationToken)
    {
        Assert.That(await CallAsync(Stub.Process, "z.Add(1, 2)"), Is.EqualTo("z.Add = 3"));
        Assert.That(await CallAsync(Stub.Process, "z.Sum(Enumerable.Range(1, 4).ToArray())"), Is.EqualTo("z.Sum = 10"));
        Assert.That(await CallAsync(Stub.Process, "z.Greet(\"con\" + \"sole\")"), Is.EqualTo("z.Greet = \"Hello, console!\""));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_ModuleThrows_PrintsRemoteExceptionTypeMessageAndCode(CancellationToken cancellationToken)
    {
        var mark = Stub.Process.LineCount;
        Assert.That(await CallAsync(Stub.Process, "z.Divide(1, 0)"), Is.EqualTo("z.Divide failed: System.DivideByZeroException: b must not be zero (code -32000)"));
        await Stub.Process.WaitForLineAsync(@"^\s+at .*Divide", Cluster.StepTimeout, mark);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_SameCallOnBothConsoles_PrintsTheSame(CancellationToken cancellationToken)
    {
        foreach (var text in new[] { "z.Multiply(1.5, 2)", "z.Fail(\"no\")" })
        {
            Assert.That(await CallAsync(Stub.Process, text), Is.EqualTo(await CallAsync(Cluster.Server, text)), text);
        }
    }

    [TestCase("z.Add(1, +)", @"^error: The arguments are not valid C#: ")]
    [TestCase("z.Add 1 2", @"^error: usage: call <module>\.<Function>\(<C# arguments>\)")]
    [TestCase("z.Nope()", @"^z\.Nope failed: .* \(code -32601\)$")]
    [CancelAfter(120_000)]
    public async Task Call_BadCall_PrintsWhy(string text, string expected, CancellationToken cancellationToken)
    {
        var mark = Stub.Process.LineCount;
        Stub.Process.Send("call " + text);
        await Stub.Process.WaitForLineAsync(expected, Cluster.StepTimeout, mark);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task History_AfterCommands_ListsThemInOrder(CancellationToken cancellationToken)
    {
        var stub = await Cluster.StartStubAsync("historian");
        var mark = stub.Process.LineCount;
        stub.Process.Send("modules");
        stub.Process.Send("call z.Add(2, 2)");
        await stub.Process.WaitForLineAsync("^z.Add = 4$", Cluster.StepTimeout, mark);
        stub.Process.Send("history");
        await stub.Process.WaitForLineAsync(@"^\s+1\s+modules$", Cluster.StepTimeout, mark);
        await stub.Process.WaitForLineAsync(@"^\s+2\s+call z\.Add\(2, 2\)$", Cluster.StepTimeout, mark);
        await stub.Process.WaitForLineAsync(@"^\s+3\s+history$", Cluster.StepTimeout, mark);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_FirstUse_LoadsRoslynScriptingOnlyThen(CancellationToken cancellationToken)
    {
        Assume.That(OperatingSystem.IsLinux(), "reads /proc/<pid>/maps");
        var stub = await Cluster.StartStubAsync("lazy");
        stub.Process.Send("modules");
        await stub.Process.WaitForLineAsync("^Proxy folder: ", Cluster.StepTimeout);
        Assert.That(MapsScripting(stub.Process.Id), Is.False, "a stub that has not run call has not loaded Roslyn scripting");
        Assert.That(await CallAsync(stub.Process, "z.Add(20, 22)"), Is.EqualTo("z.Add = 42"));
        Assert.That(MapsScripting(stub.Process.Id), Is.True);
    }

    private static bool MapsScripting(int processId) =>
        File.ReadLines($"/proc/{processId}/maps").Any(l => l.EndsWith("Microsoft.CodeAnalysis.Scripting.dll", StringComparison.Ordinal));

    // Types `call <text>` and returns the console's answer: its first line, result or failure.
    private static async Task<string> CallAsync(Walkthrough.ChildProcess console, string text)
    {
        var mark = console.LineCount;
        console.Send("call " + text);
        var method = Regex.Escape(text[..text.IndexOf('(', StringComparison.Ordinal)]);
        return (await console.WaitForLineAsync($"^{method} = .*|^{method} failed: .*|^error: .*", Cluster.StepTimeout, mark)).Value;
    }
}
