using System.Text;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// Modules that would take a process down, run where they belong: in their own worker process
/// (<c>isolation: process</c>, the default). FailFast, a stack overflow, an allocation storm and a
/// loop that never ends cost their own call and their worker, which the server replaces at once; the
/// server, module z and the other modules keep serving. The server's conf here allows
/// <c>Environment.FailFast</c>, which the default policy refuses, to test the boundary behind the policy.
/// </summary>
[TestFixture]
[NonParallelizable]
public class WorkerIsolationTests
{
    private const int MaxCrashes = 3;
    private const int IdleRssLimitMB = 100;
    private static int _names;
    private Cluster _cluster = null!;
    private StubProcess _stub = null!;

    private static byte[] HazardModule => Encoding.UTF8.GetBytes("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Hazard
        {
            public static int Echo(int x) => x;

            public static int Die()
            {
                Environment.FailFast("hazard: FailFast on purpose");
                return 0;
            }

            public static int Deep(int n) => Deep(n + 1) + 1;

            public static int Hog()
            {
                var hoard = new List<byte[]>();
                while (true)
                {
                    hoard.Add(new byte[1 << 20]);
                }
            }

            private static byte[]? _kept;

            public static int Keep(int megabytes)
            {
                _kept = new byte[megabytes << 20];
                Array.Fill(_kept, (byte)1);
                return _kept.Length >> 20;
            }

            public static int Leave()
            {
                // Work that outlives its call: the call returns, the loop burns the worker's CPU.
                Task.Run(() =>
                {
                    while (true)
                    {
                    }
                });
                return 0;
            }

            public static int Spin()
            {
                while (true)
                {
                }
            }

            private static int _holding;

            public static int Holding() => Volatile.Read(ref _holding);

            public static async Task<int> Hold(int ms, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _holding);
                try
                {
                    await Task.Delay(ms, cancellationToken);
                    return ms;
                }
                finally
                {
                    Interlocked.Decrement(ref _holding);
                }
            }
        }
        """);

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        _cluster = await Cluster.StartAsync(conf =>
        {
            conf["bannedApis"] = new JArray("@default", "!M:System.Environment.FailFast(System.String)");
            conf["workerMemoryLimitMB"] = 128;
            conf["workerMaxCrashes"] = MaxCrashes;
            conf["workerCrashWindowSeconds"] = 600;
            conf["workerFailedCooldownSeconds"] = 600;
            conf["workerIdleRssLimitMB"] = IdleRssLimitMB;
        });
        _stub = await _cluster.StartStubAsync("alpha");
        Assert.That(await _stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
    }

    [OneTimeTearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    [TearDown]
    public async Task ServerStillServesAndStoreIsWhole()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await AdversarialFixture.AssertStillServesAsync(_cluster, _stub, timeout.Token);
        Assert.That(ModuleStoreCheck.AssertIntact(_cluster), Does.Contain("z"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_FailFast_CostsItsCallAndWorker_ANewWorkerStartsAtOnce(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            var mark = _cluster.Server.LineCount;
            WireAssert.Error(await peer.CallAsync(name + ".Die", new JArray(), cancellationToken), -32022, $"The call to {name}.Die was lost: the worker process of module '{name}' ended during it (it crashed with exit code 134 (aborted: a stack overflow, Environment.FailFast or a fatal runtime error): Process terminated.");

            // The first worker started for the call; the second replaces it without waiting for a call.
            var started = $@"Started worker process \d+ for {name}$";
            await _cluster.Server.WaitForLineAsync(started, Cluster.StepTimeout, mark);
            var first = mark + _cluster.Server.Lines.Skip(mark).TakeWhile(line => !System.Text.RegularExpressions.Regex.IsMatch(line, started)).Count();
            await _cluster.Server.WaitForLineAsync(started, Cluster.StepTimeout, first + 1);
            Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(7), cancellationToken)), Is.EqualTo(7), "the new worker serves the module");
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_StackOverflow_CostsItsCallAndWorker(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            WireAssert.Error(await peer.CallAsync(name + ".Deep", new JArray(0), cancellationToken), -32022, $"worker process of module '{name}' ended during it (it crashed with exit code 134 (aborted: a stack overflow, Environment.FailFast or a fatal runtime error): Stack overflow.");
            Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(8), cancellationToken)), Is.EqualTo(8));
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_AllocatesWithoutEnd_StopsAtTheWorkersMemoryLimit(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            var error = WireAssert.Error(await peer.CallAsync(name + ".Hog", new JArray(), cancellationToken), -32000, "System.OutOfMemoryException");
            Assert.That(error["data"]?["type"]?.ToString(), Is.EqualTo("System.OutOfMemoryException"));
            Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(9), cancellationToken)), Is.EqualTo(9));
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_LoopsForever_TimesOutAndItsWorkerIsKilled(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            var mark = _cluster.Server.LineCount;
            await peer.SendAsync(JsonLinePeer.Request(1, name + ".Spin", new JArray()).Replace("\"params\"", "\"timeoutMs\":1000,\"params\"", StringComparison.Ordinal), cancellationToken);
            WireAssert.Error(await peer.NextReplyAsync(cancellationToken), 1, -32021, $"The call to {name}.Spin passed its deadline of 1000 ms.");
            await _cluster.Server.WaitForLineAsync($@"Killing worker process \d+ of {name}: a call to {name}.Spin kept running after its deadline or cancellation", Cluster.StepTimeout, mark);
            Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(10), cancellationToken)), Is.EqualTo(10));
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_WhileAnotherModuleHogsItsWorker_OtherModulesServe(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            await peer.SendAsync(JsonLinePeer.Request(1, name + ".Hold", new JArray(60_000)), cancellationToken);
            await ServerStatsProbe.WaitForCallsAsync(_cluster, 1);
            using var app = await JsonLinePeer.ConnectAsync(_stub.AppEndpoint, cancellationToken);
            Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(2, 3), cancellationToken)), Is.EqualTo(5), "z runs in its own worker");
            await peer.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}""", cancellationToken);
            WireAssert.Error(await peer.NextReplyAsync(cancellationToken), 1, -32800, $"The call to {name}.Hold was cancelled.");
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Call_ModuleKillsItsWorkerEveryTime_MarkedFailedUntilRegisteredAgain(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            for (var i = 0; i < MaxCrashes; i++)
            {
                WireAssert.Error(await peer.CallAsync(name + ".Die", new JArray(), cancellationToken), -32022, "ended during it");
            }

            var failed = $"Module '{name}' is failed: its worker process ended abnormally {MaxCrashes} times within 600 s (workerMaxCrashes)";
            WireAssert.Error(await peer.CallAsync(name + ".Die", new JArray(), cancellationToken), -32023, failed);
            WireAssert.Error(await peer.CallAsync(name + ".Echo", new JArray(1), cancellationToken), -32023, $"It is tried again 600 s after it failed (workerFailedCooldownSeconds, doubled each time it fails again); register the module again, or `reset {name}` on the server console, to retry now.");

            WireAssert.Result(await RawUpload.UploadAsync(peer, name, HazardModule, 1, cancellationToken));
            Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(11), cancellationToken)), Is.EqualTo(11), "registering it again clears the failure");
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Call_WorkerDiesDuringManyCalls_OneLogLineWithTheCountNotOnePerCall(CancellationToken cancellationToken)
    {
        const int held = 20;
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            var mark = _cluster.Server.LineCount;
            for (var id = 1; id <= held; id++)
            {
                await peer.SendAsync(JsonLinePeer.Request(id, name + ".Hold", new JArray(120_000)), cancellationToken);
            }

            // Every Hold runs inside the worker before it dies (asked of the module, not guessed).
            while ((int)WireAssert.Result(await peer.CallAsync(name + ".Holding", new JArray(), cancellationToken)) != held)
            {
            }

            await peer.SendAsync(JsonLinePeer.Request(held + 1, name + ".Die", new JArray()), cancellationToken);
            for (var i = 0; i <= held; i++)
            {
                WireAssert.Error(await peer.NextReplyAsync(cancellationToken), -32022, "ended during it");
            }

            var ended = await _cluster.Server.WaitForLineAsync($@"Worker process (\d+) of {name} ended: it crashed with exit code 134 .*; {held + 1} calls in flight were lost \(-32022\)$", Cluster.StepTimeout, mark);

            // A hello logged after everything the storm logged: the lines before it are all in.
            var witness = "witness-" + name;
            using (await JsonLinePeer.HelloAsync(_cluster.ServerEndpoint, witness, AdversarialFixture.CallerKey, cancellationToken))
            {
                await _cluster.Server.WaitForLineAsync($"Client {witness} connected", Cluster.StepTimeout, mark);
            }

            var storm = _cluster.Server.Lines.Skip(mark).Where(line => line.Contains(" WRN]", StringComparison.Ordinal) || line.Contains(" ERR]", StringComparison.Ordinal)).ToList();
            Assert.That(storm.Where(line => line.Contains($"{name}.Hold", StringComparison.Ordinal) || line.Contains($"{name}.Die", StringComparison.Ordinal)), Is.Empty, "no line per lost call");
            Assert.That(storm.Count(line => line.Contains($"Worker process {ended.Groups[1].Value} of {name} ended", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", storm));
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Worker_KilledFromOutsideMoreThanWorkerMaxCrashesTimes_NotCountedModuleServes(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            var mark = _cluster.Server.LineCount;
            Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(1), cancellationToken)), Is.EqualTo(1));
            var pid = (await _cluster.Server.WaitForLineAsync($@"Started worker process (\d+) for {name}$", Cluster.StepTimeout, mark)).Groups[1].Value;
            for (var kill = 1; kill <= MaxCrashes + 1; kill++)
            {
                // As an operator's kill -9 or the kernel's out-of-memory killer would end it.
                mark = _cluster.Server.LineCount;
                using (var worker = System.Diagnostics.Process.GetProcessById(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    worker.Kill();
                }

                await _cluster.Server.WaitForLineAsync($@"Worker process {pid} of {name} ended: it was killed from outside the server \(exit code 137, SIGKILL: an operator, a supervisor or the kernel's out-of-memory killer\); not counted against the module", Cluster.StepTimeout, mark);
                pid = (await _cluster.Server.WaitForLineAsync($@"Started worker process (\d+) for {name}$", Cluster.StepTimeout, mark)).Groups[1].Value;
                Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(kill), cancellationToken)), Is.EqualTo(kill), $"after kill {kill}");
            }

            mark = _cluster.Server.LineCount;
            _cluster.Server.Send("workers");
            await _cluster.Server.WaitForLineAsync($@"^{name}\s+{pid}\s+running\s+\d+\s+{MaxCrashes + 2}\s+0\s+0\s*$", Cluster.StepTimeout, mark);
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Call_LeavesWorkBurningCpu_WorkerKilledAndReplacedThenModuleFailed(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            for (var round = 1; round <= MaxCrashes; round++)
            {
                var mark = _cluster.Server.LineCount;
                Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Leave", new JArray(), cancellationToken)), Is.EqualTo(0), "the call itself returns at once");
                var killed = await _cluster.Server.WaitForLineAsync($@"Killing worker process (\d+) of {name}: it used \d+\.\d s of CPU with none of its calls running \(workerIdleCpuSeconds: 2\): work a call left running", Cluster.StepTimeout, mark);
                var pid = killed.Groups[1].Value;
                await _cluster.Server.WaitForLineAsync($@"Worker process {pid} of {name} ended: the server stopped it: it used", Cluster.StepTimeout, mark);
                if (round < MaxCrashes)
                {
                    // A new worker replaces the one killed (a spare, or one started then).
                    await _cluster.Server.WaitForLineAsync($@"Started worker process (?!{pid}\b)\d+ for {name}$", Cluster.StepTimeout, mark);
                    Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(round), cancellationToken)), Is.EqualTo(round), $"the new worker serves after kill {round}");
                }
            }

            WireAssert.Error(await peer.CallAsync(name + ".Echo", new JArray(1), cancellationToken), -32023, $"Module '{name}' is failed: its worker process ended abnormally {MaxCrashes} times");
            var shown = _cluster.Server.LineCount;
            _cluster.Server.Send("workers");
            await _cluster.Server.WaitForLineAsync($@"^{name}\s+-\s+FAILED\s+0\s+\d+\s+{MaxCrashes}\s+{MaxCrashes}\s*$", Cluster.StepTimeout, shown);
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Reset_FailedModuleFromTheServerConsole_ServesAgainAtOnce(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            for (var i = 0; i < MaxCrashes; i++)
            {
                WireAssert.Error(await peer.CallAsync(name + ".Die", new JArray(), cancellationToken), -32022, "ended during it");
            }

            WireAssert.Error(await peer.CallAsync(name + ".Echo", new JArray(1), cancellationToken), -32023, $"Module '{name}' is failed");

            var mark = _cluster.Server.LineCount;
            _cluster.Server.Send("reset " + name);
            await _cluster.Server.WaitForLineAsync($"Reset {name}: its next call starts a worker.", Cluster.StepTimeout, mark);
            Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(12), cancellationToken)), Is.EqualTo(12), "reset clears the failure without registering again");

            _cluster.Server.Send("reset " + name);
            await _cluster.Server.WaitForLineAsync($"Module '{name}' is not failed.", Cluster.StepTimeout, mark);
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_OutOfMemory_ItsWorkerIsReplacedAndGivesItsMemoryBack(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            var mark = _cluster.Server.LineCount;
            WireAssert.Error(await peer.CallAsync(name + ".Hog", new JArray(), cancellationToken), -32000, "System.OutOfMemoryException");
            var replaced = await _cluster.Server.WaitForLineAsync($@"Replacing worker process (\d+) of {name}: a call to {name}.Hog ran out of memory \(OutOfMemoryException\); a new worker serves the next calls", Cluster.StepTimeout, mark);
            var pid = replaced.Groups[1].Value;
            await _cluster.Server.WaitForLineAsync($@"Worker process {pid} of {name} ended: the server stopped it: a call to {name}.Hog ran out of memory", Cluster.StepTimeout, mark);

            var again = _cluster.Server.LineCount;
            Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(13), cancellationToken)), Is.EqualTo(13));
            var next = (await _cluster.Server.WaitForLineAsync($@"Started worker process (\d+) for {name}$", Cluster.StepTimeout, again)).Groups[1].Value;
            Assert.That(next, Is.Not.EqualTo(pid), "the next call runs in a new worker");
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Worker_HoldsMoreThanWorkerIdleRssLimitMBWithNoCallRunning_Replaced(CancellationToken cancellationToken)
    {
        var (peer, name) = await PublishHazardAsync(cancellationToken);
        using (peer)
        {
            var mark = _cluster.Server.LineCount;
            Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Keep", new JArray(IdleRssLimitMB), cancellationToken)), Is.EqualTo(IdleRssLimitMB));
            var pid = (await _cluster.Server.WaitForLineAsync($@"Started worker process (\d+) for {name}$", Cluster.StepTimeout, mark)).Groups[1].Value;

            // Checked every 10 s; replaced at the second check in a row that finds it above the limit.
            await _cluster.Server.WaitForLineAsync($@"Replacing worker process {pid} of {name}: its resident memory stayed above {IdleRssLimitMB} MB \(workerIdleRssLimitMB\) with no call running \(\d+ MB\)", Cluster.StepTimeout, mark);
            await _cluster.Server.WaitForLineAsync($@"Worker process {pid} of {name} ended: the server stopped it", Cluster.StepTimeout, mark);
            var again = _cluster.Server.LineCount;
            Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Echo", new JArray(14), cancellationToken)), Is.EqualTo(14));
            Assert.That((await _cluster.Server.WaitForLineAsync($@"Started worker process (\d+) for {name}$", Cluster.StepTimeout, again)).Groups[1].Value, Is.Not.EqualTo(pid));
        }
    }

    private async Task<(JsonLinePeer Peer, string Name)> PublishHazardAsync(CancellationToken cancellationToken)
    {
        var name = "hazard" + Interlocked.Increment(ref _names);
        var peer = await JsonLinePeer.HelloAsync(_cluster.ServerEndpoint, "publisher-" + name, AdversarialFixture.PublisherKey, cancellationToken);
        WireAssert.Result(await RawUpload.UploadAsync(peer, name, HazardModule, 1, cancellationToken));
        return (peer, name);
    }
}
