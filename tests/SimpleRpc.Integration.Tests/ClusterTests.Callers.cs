using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

// The publish gate in a cluster: each node counts the calls it served, and a refusal on one node
// names the callers every node saw.
public partial class ClusterTests
{
    [Test]
    public async Task Publish_BreakingOnNodeA_RefusalNamesCallersOfEveryNode(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(_nodes.WorkDir, "counted")).FullName, "counted.cs");
        await File.WriteAllTextAsync(path, "public static class Counted { public static int One() => 1; }\n", cancellationToken);
        var mark = _gamma.Process.LineCount;
        Assert.That(await _alpha.RegisterAsync(path), Does.StartWith("Registered counted v1"));
        await _gamma.Process.WaitForLineAsync(@"Proxy counted v1 written", Cluster.StepTimeout, mark);

        // gamma's calls are served by node C, alpha's by node A.
        for (var i = 0; i < 2; i++)
        {
            mark = _gamma.Process.LineCount;
            _gamma.Process.Send("call counted.One()");
            await _gamma.Process.WaitForLineAsync(@"^counted\.One = 1$", Cluster.StepTimeout, mark);
        }

        mark = _alpha.Process.LineCount;
        _alpha.Process.Send("call counted.One()");
        await _alpha.Process.WaitForLineAsync(@"^counted\.One = 1$", Cluster.StepTimeout, mark);

        await File.WriteAllTextAsync(path, "public static class Counted { public static int Two() => 2; }\n", cancellationToken);
        mark = _alpha.Process.LineCount;
        Assert.That(await _alpha.RegisterAsync(path), Does.StartWith("Module 'counted' was not published: 1 breaking change(s) from v1"));
        await _alpha.Process.WaitForLineAsync(@"^\s*counted\.One was called in the last 24 h by gamma \(2\), alpha \(1\)$", Cluster.StepTimeout, mark);
    }
}
