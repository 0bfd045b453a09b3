using Serilog.Events;
using SimpleRpc.Hosting.Logging;
using SimpleRpc.Hosting.Shell;
using static SimpleRpc.Hosting.Tests.Shell.ScriptedKeys;

namespace SimpleRpc.Hosting.Tests.Shell;

/// <summary>A console that meets a fault goes on, or stops loudly; logs and messages show once, above the prompt.</summary>
[TestFixture]
[CancelAfter(10_000)]
public class ConsoleShellFaultTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("simplerpc-shell-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task RunAsync_LoneSurrogateTypedWithAHistoryFile_SavesItAndKeepsAnswering(CancellationToken cancellationToken)
    {
        var file = Path.Combine(_folder, "stub_history");
        var ran = new List<string>();
        var shell = new ConsoleShell(new ScriptedKeys("say \ud83d", Enter, "say ok", Enter), new TerminalScreen(), "test", new CommandHistory(file: file));
        shell.Add("say", "<text>", "Say.", a =>
        {
            ran.Add(a);
            return Task.CompletedTask;
        });
        Assert.That(await shell.RunGuardedAsync(cancellationToken), Is.True);
        Assert.That(ran, Is.EqualTo(new[] { "\ufffd", "ok" }));
        Assert.That(File.ReadAllLines(file), Is.EqualTo(new[] { "say \ufffd", "say ok" }));
    }

    [Test]
    public async Task RunAsync_ReaderFailsOnce_PrintsTheErrorAndReadsTheNextLine(CancellationToken cancellationToken)
    {
        var screen = new TerminalScreen();
        var (log, sink) = CollectingSink.CreateLogger();
        var shell = new ConsoleShell(new FailingKeys(1, new ScriptedKeys("history", Enter)), screen, "test", history: null) { Logger = log };
        Assert.That(await shell.RunGuardedAsync(cancellationToken), Is.True);
        Assert.That(screen.Rows, Has.Some.StartsWith("error: the console failed to read that line: the terminal hiccupped"));
        Assert.That(shell.History.Entries, Is.EqualTo(new[] { "history" }));
        Assert.That(sink.Events.Single().Level, Is.EqualTo(LogEventLevel.Error));
    }

    [Test]
    public async Task RunGuardedAsync_ReaderKeepsFailing_LogsFatalAndReportsFailure(CancellationToken cancellationToken)
    {
        var (log, sink) = CollectingSink.CreateLogger();
        var shell = new ConsoleShell(new FailingKeys(int.MaxValue, new ScriptedKeys()), new TerminalScreen(), "test", history: null) { Logger = log };
        Assert.That(await shell.RunGuardedAsync(cancellationToken), Is.False);
        Assert.That(sink.Events.Last().Level, Is.EqualTo(LogEventLevel.Fatal));
        Assert.That(sink.Events.Last().Exception?.Message, Is.EqualTo("the terminal hiccupped"));
    }

    [Test]
    public async Task RunAsync_PromptChanged_ShowsTheNewName(CancellationToken cancellationToken)
    {
        var screen = new TerminalScreen();
        var shell = new ConsoleShell(new ScriptedKeys("quit", Enter), screen, "stub", history: null) { Prompt = "alpha" };
        await shell.RunAsync(cancellationToken);
        Assert.That(screen.Rows, Does.Contain("alpha> quit"));
    }

    [Test]
    public void LogEvent_WhileTyping_IsWrittenAboveThePromptAndAMarkedEventIsLeftOut()
    {
        var keys = Paused("cli");
        var screen = new TerminalScreen();
        var shell = new ConsoleShell(keys, screen, "test", history: null) { ErrorOutput = screen };
        using var logger = LogSetup.CreateLogger("test", new LoggingOptions());
        var running = shell.RunAsync(CancellationToken.None);
        try
        {
            ConsoleShell.Interactive = shell;
            Assert.That(keys.WaitUntilReaderWaits(), Is.True);
            logger.ForContext(LogSetup.ShownOnConsole, true).Information("Message from {FromClientId}: {Text}", "beta", "hello");
            logger.Information("Proxy {ModuleName} removed", "z");
            var last = screen.Rows.TakeLast(2).ToList();
            Assert.That(last[0], Does.Match(@"^\[\d\d:\d\d:\d\d INF\] Proxy z removed$"));
            Assert.That(last[1], Is.EqualTo("test> cli"));
            Assert.That(string.Join("\n", screen.Rows), Does.Not.Contain("hello"), "the console prints received messages itself");
        }
        finally
        {
            ConsoleShell.Interactive = null;
            keys.Type(Escape, "quit", Enter);
        }

        Assert.That(running.Wait(Within.Limit), Is.True);
    }

    private sealed class FailingKeys(int failures, IConsoleKeyReader then) : IConsoleKeyReader
    {
        private int _left = failures;

        public ConsoleKeyInfo ReadKey() => _left-- > 0 ? throw new InvalidOperationException("the terminal hiccupped") : then.ReadKey();
    }
}
