using SimpleRpc.Server.Cluster;

namespace SimpleRpc.Server.Tests.Cluster;

[TestFixture]
public sealed class ClusterNodeCallersTests
{
    [Test, CancelAfter(10_000)]
    public void Merge_CountsOfSeveralNodes_AddedUpPerClientMostCallsFirst()
    {
        ClusterCallCount Count(string function, string client, long calls) => new() { Function = function, Client = client, Calls = calls };

        // Node A served alpha and gamma; node C served gamma too (a stub that failed over) and beta.
        var merged = ClusterNode.Merge(
            ["Add", "Divide", "Gone"],
            [Count("Add", "alpha", 2), Count("Add", "gamma", 1), Count("Divide", "beta", 4), Count("Add", "gamma", 3), Count("Other", "alpha", 9)]);

        Assert.That(merged.Select(f => f.Function), Is.EqualTo(new[] { "Add", "Divide", "Gone" }), "every function asked about, in order, even without callers");
        Assert.That(merged[0].Clients.Select(c => (c.Client, c.Calls)), Is.EqualTo(new[] { ("gamma", 4L), ("alpha", 2L) }));
        Assert.That(merged[1].Clients.Select(c => (c.Client, c.Calls)), Is.EqualTo(new[] { ("beta", 4L) }));
        Assert.That(merged[2].Clients, Is.Empty);
    }
}
