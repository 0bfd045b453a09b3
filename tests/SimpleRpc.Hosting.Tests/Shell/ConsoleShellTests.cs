using SimpleRpc.Hosting.Shell;
using static SimpleRpc.Hosting.Tests.Shell.ScriptedKeys;

namespace SimpleRpc.Hosting.Tests.Shell;

[TestFixture]
[CancelAfter(10_000)]
public class ConsoleShellTests
{
    [Test]
    public async Task RunAsync_RedirectedInput_ReadsLinesAndHistoryListsThem(CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var shell = new ConsoleShell(new StringReader("help\nnope\n\nhistory\n"), output, "test");
        await shell.RunAsync(cancellationToken);
        Assert.That(shell.IsInteractive, Is.False);
        Assert.That(output.ToString(), Does.Contain("Unknown command 'nope'").And.EndWith("  1  help\n  2  nope\n  3  history\n".ReplaceLineEndings()));
    }

    [Test]
    public async Task RunLineAsync_HistoryWithCount_ListsOnlyTheLast(CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var shell = new ConsoleShell(new StringReader(string.Join('\n', Enumerable.Range(1, 12).Select(i => "c" + i)) + "\nhistory 2\n"), output, "test");
        await shell.RunAsync(cancellationToken);
        Assert.That(output.ToString(), Does.EndWith("  12  c12\n  13  history 2\n".ReplaceLineEndings()));
    }

    [TestCase("history x")]
    [TestCase("history 0")]
    public async Task RunLineAsync_HistoryWithBadCount_PrintsUsage(string line)
    {
        var output = new StringWriter();
        await new ConsoleShell(TextReader.Null, output, "test").RunLineAsync(line);
        Assert.That(output.ToString(), Does.StartWith("usage: history [<count>]"));
    }

    [Test]
    public async Task RunAsync_Keys_TabCompletesCommandAndRunsIt(CancellationToken cancellationToken)
    {
        var screen = new TerminalScreen();
        var ran = new List<string>();
        var shell = new ConsoleShell(new ScriptedKeys("cl", Tab, "now", Enter, "q", Tab, Enter), screen, "test", history: null);
        shell.Add("clients", string.Empty, "List.", a => Record(ran, "clients:" + a)).Add("call", "<x>", "Call.", a => Record(ran, "call:" + a));
        await shell.RunAsync(cancellationToken);
        Assert.That(shell.IsInteractive, Is.True);
        Assert.That(ran, Is.EqualTo(new[] { "clients:now" }));
        Assert.That(shell.History.Entries, Is.EqualTo(new[] { "clients now", "quit" }));
        Assert.That(screen.Rows, Does.Contain("test> clients now"));
    }

    [Test]
    public async Task RunAsync_KeysAmbiguousCommandPrefix_ListsCandidates(CancellationToken cancellationToken)
    {
        var screen = new TerminalScreen();
        var shell = new ConsoleShell(new ScriptedKeys("h", Tab, Escape, Enter), screen, "test", history: null);
        await shell.RunAsync(cancellationToken);
        Assert.That(screen.Rows, Does.Contain("help  history"));
    }

    [Test]
    public async Task RunAsync_KeysUpArrow_RepeatsPreviousCommand(CancellationToken cancellationToken)
    {
        var ran = new List<string>();
        var shell = new ConsoleShell(new ScriptedKeys("say hi", Enter, Up, Enter), new TerminalScreen(), "test", history: null);
        shell.Add("say", "<text>", "Say.", a => Record(ran, a));
        await shell.RunAsync(cancellationToken);
        Assert.That(ran, Is.EqualTo(new[] { "hi", "hi" }));
    }

    [TestCase("rm:Mo", "rm:Modules/")]
    [TestCase("register  Mo", "register  Modules/")]
    [TestCase("  reg", "  register ")]
    public async Task RunAsync_KeysTabAfterCommand_CompletesArgumentWithCommandsCompleter(string typed, string expected)
    {
        var ran = new List<string>();
        var shell = new ConsoleShell(new ScriptedKeys(typed, Tab, Enter), new TerminalScreen(), "test", history: null);
        Func<string, IReadOnlyList<string>> paths = typedArgument => typedArgument == "Mo" ? ["Modules/"] : [];
        shell.Add("rm:", "<path>", "Register.", a => Record(ran, a), paths).Add("register", "<path>", "Register.", a => Record(ran, a), paths);
        await shell.RunAsync(CancellationToken.None);
        Assert.That(shell.History.Entries.Single(), Is.EqualTo(expected.Trim()));
    }

    [Test]
    public async Task Write_FromAnotherThreadWhileTyping_AppearsAboveThePrompt(CancellationToken cancellationToken)
    {
        var keys = Paused("cli");
        var screen = new TerminalScreen();
        var shell = new ConsoleShell(keys, screen, "test", history: null);
        var running = shell.RunAsync(cancellationToken);
        Assert.That(keys.WaitUntilReaderWaits(), Is.True);
        await Task.Run(() => shell.Write("[message from beta] hello"), cancellationToken);
        Assert.That(screen.Rows.TakeLast(2), Is.EqualTo(new[] { "[message from beta] hello", "test> cli" }));
        keys.Type(Escape, "quit", Enter);
        await running.WaitAsync(cancellationToken);
    }

    [Test]
    public void HistoryFile_Default_IsUnderHomeNamedAfterPrompt()
    {
        Assume.That(Environment.GetEnvironmentVariable("SIMPLERPC_HISTORY"), Is.Null.Or.Empty);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.That(ConsoleShell.HistoryFile("stub"), Is.EqualTo(Path.Combine(home, ".simplerpc", "stub_history")));
    }

    private static Task Record(List<string> ran, string what)
    {
        lock (ran)
        {
            ran.Add(what);
        }

        return Task.CompletedTask;
    }
}
