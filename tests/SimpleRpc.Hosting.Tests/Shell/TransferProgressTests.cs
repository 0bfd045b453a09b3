using SimpleRpc.Hosting.Shell;

namespace SimpleRpc.Hosting.Tests.Shell;

[TestFixture]
[CancelAfter(10_000)]
public class TransferProgressTests
{
    [Test]
    public async Task StartTransferAsync_Redirected_PrintsPlainTenthsThenCompiling()
    {
        var output = new StringWriter();
        var shell = new ConsoleShell(TextReader.Null, output, "test");
        await using (var progress = await shell.StartTransferAsync("big"))
        {
            const long total = 1024 * 1024;
            for (long sent = 64 * 1024; sent <= total; sent += 64 * 1024)
            {
                progress.Report(sent, total);
            }

            progress.Compiling();
        }

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(11));
        Assert.That(lines[0], Is.EqualTo("  uploading big: 10% (131072/1048576 bytes)"));
        Assert.That(lines[9], Is.EqualTo("  uploading big: 100% (1048576/1048576 bytes)"));
        Assert.That(lines[10], Is.EqualTo("  compiling big"));
    }

    [Test]
    public async Task StartTransferAsync_RedirectedSmallAndQuick_PrintsNothing()
    {
        var output = new StringWriter();
        var shell = new ConsoleShell(TextReader.Null, output, "test");
        await using (var progress = await shell.StartTransferAsync("z"))
        {
            progress.Report(900, 900);
            progress.Compiling();
        }

        Assert.That(output.ToString(), Is.Empty);
    }

    [Test]
    public async Task StartTransferAsync_Terminal_DrawsABarWithRateThenCompilingAndLinesAboveIt()
    {
        var output = new WatchedWriter();
        var shell = new ConsoleShell(TextReader.Null, output, "test") { Style = new ConsoleOutputStyle(true, true, true, 100) };
        var progress = await shell.StartTransferAsync("z");
        progress.Report(50_000, 100_000);
        Assert.That(output.WaitFor("50%"), Is.True, output.Text);
        Assert.That(output.WaitFor("/s"), Is.True, "the rate column: " + output.Text);
        shell.Write("[message from beta] hello");
        progress.Report(100_000, 100_000);
        progress.Compiling();
        Assert.That(output.WaitFor("compiling z"), Is.True, output.Text);
        await progress.DisposeAsync();
        shell.Write("Registered z v1");
        Assert.That(output.Text, Does.Contain("[message from beta] hello").And.EndWith("Registered z v1" + Environment.NewLine));
    }
}
