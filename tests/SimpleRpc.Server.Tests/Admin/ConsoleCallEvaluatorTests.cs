using SimpleRpc.Server.Admin;
using SimpleRpc.Server.Dashboard;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Admin;

[TestFixture]
[CancelAfter(60_000)]
public class ConsoleCallEvaluatorTests
{
    private ModuleHost _host = null!;

    [OneTimeSetUp]
    public async Task RegisterZ() => _host = await ModuleHost.WithModuleZAsync();

    [Test]
    public async Task CallAsync_ExpressionArguments_EvaluatesAndCallsModule(CancellationToken cancellationToken)
    {
        var evaluator = new ConsoleCallEvaluator(_host.Dispatcher);
        Assert.That(await evaluator.CallAsync("z.Add(1, 2 * 3)", cancellationToken), Is.EqualTo("z.Add = 7"));
        Assert.That(await evaluator.CallAsync("z.Sum(Enumerable.Range(1, 4).ToArray())", cancellationToken), Is.EqualTo("z.Sum = 10"));
        Assert.That(await evaluator.CallAsync("z.Greet(\"con\" + \"sole\")", cancellationToken), Is.EqualTo("z.Greet = \"Hello, console!\""));
    }

    [Test]
    public async Task CallAsync_ModuleThrows_PrintsRemoteError(CancellationToken cancellationToken)
    {
        var evaluator = new ConsoleCallEvaluator(_host.Dispatcher);
        var line = await evaluator.CallAsync("z.Divide(1, 0)", cancellationToken);
        Assert.That(line, Does.StartWith("z.Divide failed: System.DivideByZeroException: b must not be zero (code -32000)" + Environment.NewLine).And.Contains("Divide"));
    }

    [Test]
    public async Task CallAsync_Calls_CountedInTheFunctionFiguresLikeAStubsCalls(CancellationToken cancellationToken)
    {
        // Under a module name no other test calls: the meter is process-wide and tests run side by side.
        var path = Repository.PathOf("Modules/z.cs");
        var outcome = await _host.Registry.RegisterAsync("consoleprobe", await File.ReadAllTextAsync(path, cancellationToken), Repository.Sha256Of(path), "test", cancellationToken);
        Assert.That(outcome.Success, Is.True, string.Join("\n", outcome.Diagnostics));
        var clock = new ManualUtcClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        using var stats = new CallStats(clock);
        var evaluator = new ConsoleCallEvaluator(_host.Dispatcher);

        Assert.That(await evaluator.CallAsync("consoleprobe.Add(1, 2)", cancellationToken), Is.EqualTo("consoleprobe.Add = 3"));
        Assert.That(await evaluator.CallAsync("consoleprobe.Divide(1, 0)", cancellationToken), Does.StartWith("consoleprobe.Divide failed"));
        clock.Now += TimeSpan.FromSeconds(1);

        var figures = stats.Functions().Where(f => f.Module == "consoleprobe").ToDictionary(f => f.Function);
        Assert.Multiple(() =>
        {
            Assert.That(figures["Add"].CallsLastMinute, Is.EqualTo(1));
            Assert.That(figures["Add"].ErrorRate, Is.Zero);
            Assert.That(figures["Divide"].CallsLastMinute, Is.EqualTo(1));
            Assert.That(figures["Divide"].ErrorRate, Is.EqualTo(1));
        });
    }

    [Test]
    public void CallAsync_NotACall_ThrowsFormatExceptionWithUsage()
    {
        var evaluator = new ConsoleCallEvaluator(_host.Dispatcher);
        Assert.That(() => evaluator.CallAsync("z.Add 1 2", CancellationToken.None), Throws.TypeOf<FormatException>().With.Message.Contains("usage: call"));
    }

    [Test]
    public void CallAsync_InvalidCSharpArgument_ThrowsFormatExceptionWithCompilerMessage()
    {
        var evaluator = new ConsoleCallEvaluator(_host.Dispatcher);
        Assert.That(() => evaluator.CallAsync("z.Add(1, +)", CancellationToken.None), Throws.TypeOf<FormatException>().With.Message.StartsWith("The arguments are not valid C#"));
    }
}
