using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// A stub whose conf lists two nodes (<c>servers</c>) loses its node to <c>kill -9</c> and goes on
/// through the other (docs/cluster.md, "Failover"). Its own Redis and nodes: runs beside other fixtures.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public class ClusterFailoverTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task KillNode_StubListsTwoServers_ResumesOnTheOtherAndCalls(CancellationToken cancellationToken)
    {
        await using var nodes = await ServerNodes.StartAsync("A", "B");
        var omega = await nodes.StartFailoverStubAsync("omega", "A", "B");
        Assert.That(await omega.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        await nodes.Node("B").WaitForLineAsync(@"Applied z v1\b", Cluster.StepTimeout);

        var mark = omega.Process.LineCount;
        var watch = Stopwatch.StartNew();
        nodes.Node("A").Kill();
        var reconnected = await omega.Process.WaitForLineAsync(@"Reconnected to (\S+) as (\S+)", Cluster.StepTimeout, mark);
        var resumed = watch.ElapsedMilliseconds;
        Assert.That(reconnected.Groups[1].Value, Is.EqualTo(nodes.Endpoints["B"]));
        Assert.That(reconnected.Groups[2].Value, Is.EqualTo("omega"), "the stub keeps its name on the other node");

        mark = omega.Process.LineCount;
        omega.Process.Send("call z.Add(2, 3)");
        await omega.Process.WaitForLineAsync(@"^z\.Add = 5$", Cluster.StepTimeout, mark);
        TestContext.Progress.WriteLine($"cluster: after kill -9 of node A the stub resumed on node B in {resumed} ms and called z within {watch.ElapsedMilliseconds} ms");
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task KillNode_ThatKeepsTheStubsName_StubResumesOnAnother(CancellationToken cancellationToken)
    {
        // Probes slow enough that Orleans would take about a minute to declare a node dead: what
        // frees the name here is a live node finding that the dead node's silo port refuses connections.
        string[] all = ["A", "B", "C"];
        await using var nodes = await ServerNodes.StartAsync(persistentRedis: false, new JObject { ["probeTimeoutSeconds"] = 20 }, all);
        var omega = await nodes.StartFailoverStubAsync("omega", all);
        var keeper = await nodes.NodePrintingAsync("The name omega is kept on this node", Cluster.StepTimeout);
        if (keeper != "A")
        {
            // The name's grain stays where it is; the stub moves there, so that node's death takes both.
            await omega.Process.StopAsync(Cluster.StepTimeout);
            omega = await nodes.StartFailoverStubAsync("omega", [keeper, .. all.Where(n => n != keeper)]);
        }

        var mark = omega.Process.LineCount;
        var watch = Stopwatch.StartNew();
        nodes.Node(keeper).Kill();
        var reconnected = await omega.Process.WaitForLineAsync(@"Reconnected to (\S+) as (\S+) after (\d+) attempts", Cluster.StepTimeout, mark);
        TestContext.Progress.WriteLine($"cluster: after kill -9 of node {keeper}, which kept the stub's name, the stub resumed in {watch.ElapsedMilliseconds} ms after {reconnected.Groups[3].Value} attempts");
        Assert.That(reconnected.Groups[2].Value, Is.EqualTo("omega"), "the stub keeps its name on the other node");

        // Its first try goes to the dead node (refused), its second to the next in its list: that
        // node does not send it away while the probes are still voting, it declares dead the node
        // whose port refuses connections and claims the name again. One more try is allowed: the
        // killed node's process tree (its workers and compile process too) may still be going down
        // when the second try comes, and then the next node takes the stub (CI saw 3 once in ~20
        // runs). Waiting for the probes instead would take about a minute and many more tries.
        Assert.That(int.Parse(reconnected.Groups[3].Value, CultureInfo.InvariantCulture), Is.InRange(2, 3), "a live node took the stub back at once");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "resumed long before the probes (20 s each) could declare the node dead");
        var declaredBy = await nodes.NodePrintingAsync(@"refuses connections on its port: its process is gone; declaring it dead", Cluster.StepTimeout);
        Assert.That(declaredBy, Is.Not.EqualTo(keeper));

        mark = omega.Process.LineCount;
        omega.Process.Send("clients");
        await omega.Process.WaitForLineAsync(@"^omega \(this stub\) .* " + Regex.Escape(reconnected.Groups[1].Value) + "$", Cluster.StepTimeout, mark);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task KillNode_OfTheDirectory_ClientsAndMsgReachAStubOnAnotherLiveNode(CancellationToken cancellationToken)
    {
        // The node directory moves with its node's death and knows no node until they subscribe
        // again (every 3 s): `clients` and `msg` in that window must still find the stub on the
        // other live node (issue 12).
        string[] all = ["A", "B", "C"];
        await using var nodes = await ServerNodes.StartAsync(persistentRedis: false, new JObject { ["probeTimeoutSeconds"] = 20 }, all);
        var directory = await nodes.NodePrintingAsync("The node directory is active on this node", Cluster.StepTimeout);
        var live = all.Where(n => n != directory).ToArray();
        var sigma = await nodes.StartStubAsync("sigma", live[0]);
        var omega = await nodes.StartStubAsync("omega", live[1]);

        var mark = sigma.Process.LineCount;
        var omegaMark = omega.Process.LineCount;
        nodes.Node(directory).Kill();
        sigma.Process.Send("clients");
        sigma.Process.Send("msg omega while the directory moves");

        // The list is sorted by name: omega's line comes before sigma's own.
        var own = await sigma.Process.WaitForLineAsync(@"^sigma \(this stub\)", Cluster.StepTimeout, mark);
        var listed = sigma.Process.Lines.Skip(mark).TakeWhile(l => l != own.Value).ToList();
        Assert.That(listed, Has.Some.Match(@"^omega\s+.*" + Regex.Escape(nodes.Endpoints[live[1]]) + "$"), "clients lists the stub of the other live node");
        await omega.Process.WaitForLineAsync(@"\[message from sigma\] while the directory moves", Cluster.StepTimeout, omegaMark);
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task RedisDown_NodesServeAndRefusePublishing_ThenResume(CancellationToken cancellationToken)
    {
        await using var nodes = await ServerNodes.StartAsync(persistentRedis: true, "A", "B");
        var alpha = await nodes.StartStubAsync("alpha", "A");
        var beta = await nodes.StartStubAsync("beta", "B");
        Assert.That(await alpha.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        await nodes.Node("B").WaitForLineAsync(@"Applied z v1\b", Cluster.StepTimeout);

        nodes.Redis.Kill();
        var mark = beta.Process.LineCount;
        beta.Process.Send("call z.Add(4, 5)");
        await beta.Process.WaitForLineAsync(@"^z\.Add = 9$", Cluster.StepTimeout, mark);
        var path = Path.Combine(nodes.WorkDir, "y", "y.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "public static class Y { public static int One() => 1; }\n", cancellationToken);
        Assert.That(await alpha.RegisterAsync(path), Does.Contain("catalogue is unreachable"));
        mark = alpha.Process.LineCount;
        alpha.Process.Send("unregister z");
        Assert.That((await alpha.Process.WaitForLineAsync(@"^Unregistered z\.$|error.*", Cluster.StepTimeout, mark)).Value, Does.Contain("catalogue is unreachable"));
        mark = alpha.Process.LineCount;
        alpha.Process.Send("call z.Add(1, 1)");
        await alpha.Process.WaitForLineAsync(@"^z\.Add = 2$", Cluster.StepTimeout, mark);

        await nodes.Redis.RestartAsync(cancellationToken);
        Assert.That(await alpha.RegisterAsync(path), Does.StartWith("Registered y v1"));
        await nodes.Node("B").WaitForLineAsync(@"Applied y v1\b", Cluster.StepTimeout);
    }
}
