using System.Diagnostics;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// Three server nodes on Orleans with a Redis of their own (docs/cluster.md), stubs on two of
/// them, one module published on node A. The cluster is shared by the fixture's tests (each node
/// start costs seconds); it has its own ports, folders and Redis, so the fixture may run beside others.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
[CancelAfter(120_000)]
public partial class ClusterTests
{
    private ServerNodes _nodes = null!;
    private StubProcess _alpha = null!;
    private StubProcess _gamma = null!;

    [OneTimeSetUp]
    public async Task StartClusterAndPublishZ()
    {
        _nodes = await ServerNodes.StartAsync("A", "B", "C");
        _alpha = await _nodes.StartStubAsync("alpha", "A");
        _gamma = await _nodes.StartStubAsync("gamma", "C");

        var watch = Stopwatch.StartNew();
        var mark = _gamma.Process.LineCount;
        Assert.That(await _alpha.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        var registered = watch.ElapsedMilliseconds;
        await _gamma.Process.WaitForLineAsync(@"Proxy z v1 written", Cluster.StepTimeout, mark);
        TestContext.Progress.WriteLine($"cluster: z registered on node A in {registered} ms; its proxy written by the stub on node C {watch.ElapsedMilliseconds} ms after the upload began");
    }

    [OneTimeTearDown]
    public async Task StopCluster() => await _nodes.DisposeAsync();

    [Test]
    public async Task Publish_OnNodeA_CallableThroughStubOnNodeC(CancellationToken cancellationToken)
    {
        var mark = _gamma.Process.LineCount;
        _gamma.Process.Send("call z.Add(1, 2)");
        await _gamma.Process.WaitForLineAsync(@"^z\.Add = 3$", Cluster.StepTimeout, mark);
    }

    [Test]
    public async Task Publish_NewVersionOnNodeA_ReachesStubOnNodeC(CancellationToken cancellationToken)
    {
        // Warm compilers by now: the figure that matters is from the publisher's answer to the far stub's proxy.
        var path = Path.Combine(_nodes.WorkDir, "v", "v.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "public static class V { public static int Ten() => 10; }\n", cancellationToken);
        var mark = _gamma.Process.LineCount;
        var watch = Stopwatch.StartNew();
        var answer = await _alpha.RegisterAsync(path);
        var answered = watch.ElapsedMilliseconds;
        Assert.That(answer, Does.Match(@"^Registered v v\d+"));
        var version = System.Text.RegularExpressions.Regex.Match(answer, @"v v(\d+)").Groups[1].Value;
        await _gamma.Process.WaitForLineAsync($@"Proxy v v{version} written", Cluster.StepTimeout, mark);
        TestContext.Progress.WriteLine($"cluster: v v{version} answered on node A in {answered} ms; proxy on node C's stub {watch.ElapsedMilliseconds} ms after the upload began");

        mark = _gamma.Process.LineCount;
        _gamma.Process.Send("call v.Ten()");
        await _gamma.Process.WaitForLineAsync(@"^v\.Ten = 10$", Cluster.StepTimeout, mark);
    }

    [Test]
    public async Task ServerConsole_Clients_ListsEveryNodesStubs(CancellationToken cancellationToken)
    {
        var node = _nodes.Node("B");
        var mark = node.LineCount;
        node.Send("clients");
        await node.WaitForLineAsync(@"^gamma\s+s\d+\s+\S+\s+.*" + Regex(_nodes.Endpoints["C"]), Cluster.StepTimeout, mark);
        node.Send("msg alpha from node B");
        await _alpha.Process.WaitForLineAsync(@"\[message from server\] from node B", Cluster.StepTimeout);
    }

    [Test]
    public async Task LateJoiner_StartedAfterPublish_ServesEveryModule(CancellationToken cancellationToken)
    {
        await _nodes.StartNodeAsync("D");
        var delta = await _nodes.StartStubAsync("delta", "D");
        await delta.Process.WaitForLineAsync(@"Synced proxies into \S+: 1 updated", Cluster.StepTimeout);
        var mark = delta.Process.LineCount;
        delta.Process.Send("call z.Add(20, 22)");
        await delta.Process.WaitForLineAsync(@"^z\.Add = 42$", Cluster.StepTimeout, mark);
    }

    [Test]
    public async Task Hello_NameHeldOnAnotherNode_GetsClusterWideSuggestion(CancellationToken cancellationToken)
    {
        var second = await _nodes.StartStubAsync("alpha", "B", shell: false);
        Assert.That(second.Name, Is.EqualTo("alpha-2"), "alpha is held on node A");
        await second.Process.WaitForLineAsync("The name alpha is taken; the server suggests alpha-2", Cluster.StepTimeout);
    }

    [Test]
    public async Task Clients_OnStubOfNodeC_ListsStubsOfEveryNodeWithTheirNode(CancellationToken cancellationToken)
    {
        var mark = _gamma.Process.LineCount;
        _gamma.Process.Send("clients");
        await _gamma.Process.WaitForLineAsync(@"^alpha\s+127\.0\.0\.1:\d+\s+.*" + Regex(_nodes.Endpoints["A"]), Cluster.StepTimeout, mark);
        await _gamma.Process.WaitForLineAsync(@"^gamma \(this stub\)\s+.*" + Regex(_nodes.Endpoints["C"]), Cluster.StepTimeout, mark);
    }

    [Test]
    public async Task Msg_ToStubOnAnotherNode_Arrives(CancellationToken cancellationToken)
    {
        var mark = _gamma.Process.LineCount;
        _alpha.Process.Send("msg gamma across the cluster");
        await _gamma.Process.WaitForLineAsync(@"^\[message from alpha\] across the cluster$", Cluster.StepTimeout, mark);

        var alphaMark = _alpha.Process.LineCount;
        _alpha.Process.Send("msg nobody hello");
        await _alpha.Process.WaitForLineAsync("error: No client named 'nobody' is connected.", Cluster.StepTimeout, alphaMark);
    }

    [Test]
    public async Task Publish_SameNameOnTwoNodesAtOnce_GivesTwoOrderedVersions(CancellationToken cancellationToken)
    {
        var paths = new[] { 1, 2 }.Select(i =>
        {
            var dir = Directory.CreateDirectory(Path.Combine(_nodes.WorkDir, "w" + i)).FullName;
            var path = Path.Combine(dir, "w.cs");
            File.WriteAllText(path, $"public static class W {{ public static int Which() => {i}; }}\n");
            return path;
        }).ToArray();

        var mark = _gamma.Process.LineCount;
        var answers = await Task.WhenAll(_alpha.RegisterAsync(paths[0]), _gamma.RegisterAsync(paths[1]));
        var watch = Stopwatch.StartNew();
        var versions = answers.Select(a => System.Text.RegularExpressions.Regex.Match(a, @"^Registered w v(\d+)").Groups[1].Value).Order().ToArray();
        Assert.That(versions, Is.EqualTo(new[] { "1", "2" }), string.Join(" | ", answers));

        // Every node ends on v2, whichever upload it was.
        foreach (var node in new[] { "A", "B", "C" })
        {
            var process = _nodes.Node(node);
            await WaitForModuleAsync(process, "w", 2);
        }

        await _gamma.Process.WaitForLineAsync(@"Proxy w v2 written", Cluster.StepTimeout, mark);
        TestContext.Progress.WriteLine($"cluster: w v2 served by nodes A, B and C and its proxy on node C's stub within {watch.ElapsedMilliseconds} ms of both answers");
    }

    private static async Task WaitForModuleAsync(Walkthrough.ChildProcess node, string module, int version)
    {
        // The node's own log says when it serves a version, whether it published or applied it.
        await node.WaitForLineAsync($@"(Published|Applied) {module} v{version}\b", Cluster.StepTimeout);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    [Test]
    public async Task Unregister_OnNodeA_RemovedOnEveryNodeAndItsNumberNotReused(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_nodes.WorkDir, "u", "u.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "public static class U { public static int One() => 1; }\n", cancellationToken);
        var mark = _gamma.Process.LineCount;
        Assert.That(await _alpha.RegisterAsync(path), Does.StartWith("Registered u v1"));
        await _gamma.Process.WaitForLineAsync(@"Proxy u v1 written", Cluster.StepTimeout, mark);

        var nodeA = _nodes.Node("A").LineCount;
        var nodeB = _nodes.Node("B").LineCount;
        var gammaMark = _gamma.Process.LineCount;
        mark = _alpha.Process.LineCount;
        _alpha.Process.Send("unregister u");
        Assert.That((await _alpha.Process.WaitForLineAsync(@"^Unregistered u\.$|error.*", Cluster.StepTimeout, mark)).Value, Is.EqualTo("Unregistered u."));
        await _gamma.Process.WaitForLineAsync(@"Proxy u removed", Cluster.StepTimeout, gammaMark);

        // alpha's key is an admin's: it is still alpha who asked, on its node and on the others.
        await _nodes.Node("A").WaitForLineAsync(@"Removed u v1 at the request of alpha$", Cluster.StepTimeout, nodeA);
        var endpointA = System.Text.RegularExpressions.Regex.Escape(_nodes.Endpoints["A"]);
        await _nodes.Node("B").WaitForLineAsync($@"Removed u v1: the cluster's catalogue removed it as v2 at the request of alpha on node {endpointA}$", Cluster.StepTimeout, nodeB);

        // The removal is a version too: publishing u again gives v3 everywhere.
        mark = _gamma.Process.LineCount;
        Assert.That(await _alpha.RegisterAsync(path), Does.StartWith("Registered u v3"));
        await _gamma.Process.WaitForLineAsync(@"Proxy u v3 written", Cluster.StepTimeout, mark);
    }
}
