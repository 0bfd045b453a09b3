using System.Diagnostics;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// <c>kill -9</c> of one node of three under load (docs/cluster.md, "Failover"): four stubs spread
/// over the nodes, each listing every node in <c>servers</c>; eight app connections with 16 calls in
/// flight each. Its own Redis and nodes: runs beside other fixtures.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public class ClusterFailoverUnderLoadTests
{
    private const int Connections = 8;
    private const int InFlight = 16;
    private static readonly TimeSpan Switch = TimeSpan.FromSeconds(10);

    [Test]
    [CancelAfter(240_000)]
    public async Task KillNode_UnderLoad_OnlyItsCallsInFlightFailAndItsStubsServeElsewhere(CancellationToken cancellationToken)
    {
        await using var nodes = await ServerNodes.StartAsync("A", "B", "C");
        (string Name, string[] Servers)[] plan = [("s0", ["A", "B", "C"]), ("s1", ["B", "C", "A"]), ("s2", ["C", "A", "B"]), ("s3", ["A", "B", "C"])];
        var stubs = await Task.WhenAll(plan.Select(p => nodes.StartFailoverStubAsync(p.Name, p.Servers)));
        Assert.That(await stubs[1].RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        foreach (var stub in stubs)
        {
            // Every stub has the proxy and every node its worker before the load starts.
            var mark = stub.Process.LineCount;
            stub.Process.Send("call z.Add(1, 2)");
            await stub.Process.WaitForLineAsync(@"^z\.Add = 3$", Cluster.StepTimeout, mark);
        }

        var onA = new[] { 0, 3 };
        var apps = await Task.WhenAll(Enumerable.Range(0, Connections).Select(i => LoadConnection.ConnectAsync(stubs[i % stubs.Length].AppEndpoint, InFlight, cancellationToken)));
        var marks = stubs.Select(s => s.Process.LineCount).ToArray();
        var resumed = onA.ToDictionary(s => s, s => stubs[s].Process.WaitForLineAsync(@"Reconnected to (\S+) as (\S+)", TimeSpan.FromSeconds(120), marks[s]));
        for (var i = 0; i < Connections; i++)
        {
            if (resumed.TryGetValue(i % stubs.Length, out var reconnected))
            {
                apps[i].ResumeAfterError = reconnected;
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(90));
        var running = apps.Select(a => Task.Run(() => a.RunAsync(stop.Token, TimeSpan.FromSeconds(30)))).ToArray();
        try
        {
            await WaitUntilAsync(() => apps.All(a => a.Ok >= 100), stop.Token);
            var before = apps.Sum(a => a.Ok);
            var watch = Stopwatch.StartNew();
            nodes.Node("A").Kill();
            foreach (var (stub, reconnected) in resumed)
            {
                var line = await reconnected.WaitAsync(Switch, cancellationToken);
                Assert.That(line.Groups[1].Value, Is.Not.EqualTo(nodes.Endpoints["A"]));
                Assert.That(line.Groups[2].Value, Is.EqualTo(plan[stub].Name), "the stub keeps its name on the other node");
            }

            var switched = watch.ElapsedMilliseconds;
            var after = apps.Select(a => a.Ok).ToArray();
            await WaitUntilAsync(() => apps.Select((a, i) => a.Ok - after[i]).All(n => n >= 50), stop.Token);
            Assert.That(watch.Elapsed, Is.LessThan(Switch), "the stubs of node A serve again from other nodes within 10 s");
            TestContext.Progress.WriteLine($"cluster: {before} calls answered before kill -9 of node A; its stubs resumed elsewhere in {switched} ms and served again within {watch.ElapsedMilliseconds} ms");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
        }

        for (var i = 0; i < Connections; i++)
        {
            var app = apps[i];
            var errors = string.Join(", ", app.Errors.Select(e => $"{e.Key}×{e.Value}"));
            TestContext.Progress.WriteLine($"cluster: app {i} via {plan[i % stubs.Length].Name}: {app.Ok} right, errors [{errors}]");
            Assert.That(app.Wrong, Is.Empty, $"app {i}: no reply crossed, repeated or unasked for");
            Assert.That(app.Pending, Is.Zero, $"app {i}: no reply lost");
            if (onA.Contains(i % stubs.Length))
            {
                // -32031 when the link broke while the call waited for its reply, -32030 when it broke while the
                // stub was sending it or before the stub switched; one more than InFlight: the call the sender had
                // ready when the first error freed its slot.
                Assert.That(app.Errors.Keys, Is.SubsetOf(new[] { -32031, -32030 }), $"app {i}: calls on the dead node fail with connection lost or server unavailable");
                Assert.That(app.Errors.Values.Sum(), Is.InRange(1, InFlight + 1), $"app {i}: only the calls in flight are lost");
            }
            else
            {
                Assert.That(app.Errors, Is.Empty, $"app {i}: calls through surviving nodes do not fail");
            }

            await app.DisposeAsync();
        }

        // The catalogue is intact: the next publish of z, on a survivor, is v2 and reaches the other survivor.
        var path = Path.Combine(nodes.WorkDir, "z2", "z.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, await File.ReadAllTextAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs"), cancellationToken) + "// v2\n", cancellationToken);
        Assert.That(await stubs[2].RegisterAsync(path), Does.StartWith("Registered z v2"));
        await nodes.Node("B").WaitForLineAsync(@"Applied z v2\b", Cluster.StepTimeout);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
