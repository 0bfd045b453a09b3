using Orleans.Services;

namespace SimpleRpc.Server.Cluster;

/// <summary>
/// A node as every other node asks it directly: an Orleans grain service, one in each silo,
/// addressed by that silo's address. No grain and no directory stand in between, so a node can
/// be asked as soon as it is active in the membership, also while the node directory is being
/// rebuilt after a node died (<see cref="ClusterNodes"/>).
/// </summary>
public interface INodeService : IGrainService
{
    /// <summary>The node's named sessions; none while its server has not joined yet.</summary>
    Task<List<ClusterClient>> ListClientsAsync();

    /// <summary>Delivers a message to the named client if it is connected to this node; false when it is not.</summary>
    Task<bool> DeliverAsync(string to, string from, string text, DateTimeOffset sentAt);

    /// <summary>This node's counts of recent calls to <paramref name="functions"/> of <paramref name="module"/>, per client.</summary>
    Task<List<ClusterCallCount>> RecentCallersAsync(string module, List<string> functions);
}
