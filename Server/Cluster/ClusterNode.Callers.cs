using SimpleRpc.Protocol.Messages;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Cluster;

// Recent callers across the cluster: each node counts only the calls it served (a stub's calls go
// to the node it is connected to), so the publish gate asks every live node and adds the counts up.
public sealed partial class ClusterNode
{
    /// <summary>This node's own record of recent calls (the dispatcher's); null counts nothing.</summary>
    public RecentCallers? Callers { get; set; }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<FunctionCallers>> RecentCallersAsync(string module, IReadOnlyList<string> functions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var counts = OwnCallers(module, [.. functions]);
        counts.AddRange(await Nodes.AskOthersAsync(n => n.RecentCallersAsync(module, [.. functions]), cancellationToken).ConfigureAwait(false));
        return Merge(functions, counts);
    }

    /// <summary>Sums the nodes' counts per function and client, most calls first, as <see cref="RecentCallers.Callers"/> orders them.</summary>
    internal static List<FunctionCallers> Merge(IReadOnlyList<string> functions, IEnumerable<ClusterCallCount> counts)
    {
        var byFunction = counts.ToLookup(c => c.Function, StringComparer.Ordinal);
        return [.. functions.Select(f => new FunctionCallers(f, [.. byFunction[f]
            .GroupBy(c => c.Client, StringComparer.Ordinal)
            .Select(g => new ClientCallCount(g.Key, g.Sum(c => c.Calls)))
            .OrderByDescending(c => c.Calls)
            .ThenBy(c => c.Client, StringComparer.Ordinal)]))];
    }

    /// <summary>This node's own counts of recent calls, as the other nodes add them up.</summary>
    internal List<ClusterCallCount> OwnCallers(string module, IEnumerable<string> functions) =>
        Callers is not { } callers
            ? []
            : [.. functions.SelectMany(f => callers.Callers(module, f).Select(c => new ClusterCallCount { Function = f, Client = c.Client, Calls = c.Calls }))];
}
