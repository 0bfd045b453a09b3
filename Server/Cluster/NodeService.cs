using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace SimpleRpc.Server.Cluster;

/// <summary>
/// This silo's <see cref="INodeService"/>: answers the other nodes for this process's
/// <see cref="ClusterNode"/> (<see cref="ClusterNodes.Local"/>). Started and stopped with the
/// silo by Orleans; every answer is taken from the node's own registries without waiting.
/// </summary>
public sealed class NodeService(GrainId grainId, Silo silo, ILoggerFactory loggerFactory, ClusterNodes nodes)
    : GrainService(grainId, silo, loggerFactory), INodeService
{
    /// <inheritdoc/>
    public Task<List<ClusterClient>> ListClientsAsync() =>
        Task.FromResult(nodes.Local?.OwnClients() ?? []);

    /// <inheritdoc/>
    public Task<bool> DeliverAsync(string to, string from, string text, DateTimeOffset sentAt) =>
        Task.FromResult(nodes.Local?.DeliverHere(to, from, text, sentAt) ?? false);

    /// <inheritdoc/>
    public Task<List<ClusterCallCount>> RecentCallersAsync(string module, List<string> functions) =>
        Task.FromResult(nodes.Local?.OwnCallers(module, functions) ?? []);
}
