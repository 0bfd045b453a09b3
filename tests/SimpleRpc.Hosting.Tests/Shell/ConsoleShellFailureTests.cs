using SimpleRpc.Hosting.Shell;

namespace SimpleRpc.Hosting.Tests.Shell;

/// <summary>How a command's failure reaches <see cref="ConsoleShell.Failures"/>, which a piped console turns into its exit code.</summary>
[TestFixture]
[CancelAfter(10_000)]
public class ConsoleShellFailureTests
{
    [Test]
    public async Task RunLineAsync_CommandsThatSucceed_ReturnTrueAndCountNoFailure(CancellationToken cancellationToken)
    {
        var shell = new ConsoleShell(TextReader.Null, new StringWriter(), "test").Add("ok", string.Empty, "Succeeds.", _ => Task.CompletedTask);
        Assert.That(await shell.RunLineAsync("ok"), Is.True);
        Assert.That(await shell.RunLineAsync("help"), Is.True);
        Assert.That(shell.Failures, Is.Zero);
    }

    [Test]
    public async Task RunLineAsync_UnknownThrowingOrFailedCommands_ReturnFalseAndCountEach(CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var shell = new ConsoleShell(TextReader.Null, output, "test");
        shell.Add("boom", string.Empty, "Throws.", _ => throw new InvalidOperationException("it broke"));
        shell.Add("refuse", string.Empty, "Reports a refusal.", _ =>
        {
            shell.Fail("refused: bad input");
            return Task.CompletedTask;
        });
        Assert.That(await shell.RunLineAsync("nope"), Is.False);
        Assert.That(await shell.RunLineAsync("boom"), Is.False);
        Assert.That(await shell.RunLineAsync("refuse"), Is.False);
        Assert.That(shell.Failures, Is.EqualTo(3));
        Assert.That(output.ToString(), Does.Contain("error: it broke").And.Contain("refused: bad input"));
    }

    [Test]
    public async Task RunAsync_PipedScriptWithAFailure_CountsItAndGoesOn(CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var shell = new ConsoleShell(new StringReader("nope\nhistory x\nhelp\n"), output, "test");
        await shell.RunAsync(cancellationToken);
        Assert.That(shell.Failures, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("quit"), "help ran after the failures");
    }
}
