using System.Diagnostics;
using System.Globalization;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// A worker process never outlives its server: it ends when the server stops, and when the
/// server dies without a word (killed alone, not with its process tree), because its standard
/// input closes. An idle worker is stopped after workerIdleSeconds and started again on demand.
/// </summary>
[TestFixture]
[NonParallelizable]
public class WorkerLifetimeTests
{
    [TestCase(false)]
    [TestCase(true)]
    [CancelAfter(120_000)]
    public async Task ServerEnds_ItsWorkerEndsToo(bool killed, CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var stub = await cluster.StartStubAsync("alpha");
        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        var mark = cluster.Server.LineCount;
        using (var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken))
        {
            Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(1, 2), cancellationToken)), Is.EqualTo(3));
        }

        var started = await cluster.Server.WaitForLineAsync(@"Started worker process (\d+) for z", Cluster.StepTimeout, mark);
        using var worker = Process.GetProcessById(int.Parse(started.Groups[1].Value, CultureInfo.InvariantCulture));
        if (killed)
        {
            // The server alone, as a crash would end it: nobody tells the worker.
            using var server = Process.GetProcessById(cluster.Server.Id);
            server.Kill(entireProcessTree: false);
        }
        else
        {
            cluster.Server.Send("quit");
            Assert.That(await cluster.Server.WaitForExitAsync(Cluster.StepTimeout), Is.Zero);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Cluster.StepTimeout);
        await worker.WaitForExitAsync(timeout.Token);
        Assert.That(worker.HasExited, Is.True);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task WorkerIdle_StoppedAfterWorkerIdleSeconds_NextCallStartsANewOne(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync(conf => conf["workerIdleSeconds"] = 1);
        var stub = await cluster.StartStubAsync("alpha");
        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        using var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken);
        var mark = cluster.Server.LineCount;
        Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(1, 2), cancellationToken)), Is.EqualTo(3));
        var pid = (await cluster.Server.WaitForLineAsync(@"Started worker process (\d+) for z", Cluster.StepTimeout, mark)).Groups[1].Value;

        await cluster.Server.WaitForLineAsync($@"Stopping worker process {pid} of z: no call for 1 s \(workerIdleSeconds\)", Cluster.StepTimeout, mark);
        await cluster.Server.WaitForLineAsync($@"Worker process {pid} of z ended: it stopped when asked", Cluster.StepTimeout, mark);

        var again = cluster.Server.LineCount;
        Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(2, 3), cancellationToken)), Is.EqualTo(5), "an idle-stopped worker is not a failure");
        var next = (await cluster.Server.WaitForLineAsync(@"Started worker process (\d+) for z", Cluster.StepTimeout, again)).Groups[1].Value;
        Assert.That(next, Is.Not.EqualTo(pid));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task FrozenWorker_NoAnswerPastDeadlineAndBackstop_KilledCallTimesOutNextCallServed(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        var stub = await cluster.StartStubAsync("alpha");
        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        using var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken);
        var mark = cluster.Server.LineCount;
        Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(1, 2), cancellationToken)), Is.EqualTo(3));
        var pid = int.Parse((await cluster.Server.WaitForLineAsync(@"Started worker process (\d+) for z", Cluster.StepTimeout, mark)).Groups[1].Value, CultureInfo.InvariantCulture);

        // A stopped process answers nothing, not even its own deadline: the server's backstop
        // (the call's deadline and 2 s more) gives up on it and kills it.
        Signal(pid, "STOP");
        await app.SendAsync(JsonLinePeer.Request(7, "z.Add", new JArray(2, 2)).Replace("\"params\"", "\"timeoutMs\":300,\"params\"", StringComparison.Ordinal), cancellationToken);
        WireAssert.Error(await app.ReadAsync(cancellationToken) ?? throw new EndOfStreamException(), 7, -32021, "the module's worker did not answer and was stopped");
        await cluster.Server.WaitForLineAsync($@"Killing worker process {pid} of z: it did not answer a call to z\.Add within its deadline of 300 ms and 2 s more", Cluster.StepTimeout, mark);

        Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(2, 3), cancellationToken)), Is.EqualTo(5), "a new worker serves the next call");
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, $"kill -{signal} {pid}");
    }
}
