using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Consoles;

/// <summary>A real stub whose console is on a pseudo-terminal, so its line editor reads the keys.</summary>
[TestFixture]
[NonParallelizable]
public class TerminalConsoleTests
{
    private Cluster _cluster = null!;

    [SetUp]
    public async Task StartCluster() => _cluster = await Cluster.StartAsync();

    [TearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    // An emoji is two UTF-16 halves; the old editor's Backspace took one and left the other, and
    // saving that line to the history file threw: the console never answered again.
    [Test]
    [CancelAfter(120_000)]
    public async Task Console_EmojiThenBackspace_HistoryIsSavedAndTheConsoleKeepsAnswering(CancellationToken cancellationToken)
    {
        var history = Path.Combine(_cluster.WorkDir, "pty_history");
        var stub = _cluster.StartOnTerminal(
            "stub pty",
            "ClientStub",
            "SimpleRpc.ClientStub.dll",
            ["--server", _cluster.ServerEndpoint, "--name", "pty", "--app-port", "0", "--proxy-dir", Path.Combine(_cluster.WorkDir, "proxies-pty"), "--shell"],
            new Dictionary<string, string> { ["SIMPLERPC_HISTORY"] = history, ["TERM"] = "xterm", ["COLUMNS"] = "100", ["LINES"] = "30" });
        await stub.WaitForLineAsync("pty> ", Cluster.StepTimeout);

        var mark = stub.LineCount;
        stub.Type("msg nobody hi 😀\u007f\r");
        await stub.WaitForLineAsync("No client named 'nobody' is connected", Cluster.StepTimeout, mark);
        mark = stub.LineCount;
        stub.Type("history\r");
        await stub.WaitForLineAsync(@"\b2\s+history$", Cluster.StepTimeout, mark);
        Assert.That(File.ReadAllLines(history), Is.EqualTo(new[] { "msg nobody hi", "history" }));

        stub.Type("quit\r");
        Assert.That(await stub.WaitForExitAsync(Cluster.StepTimeout), Is.Zero);
    }
}
