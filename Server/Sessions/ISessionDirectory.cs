using SimpleRpc.Protocol.Messages;

namespace SimpleRpc.Server.Sessions;

/// <summary>
/// The sessions of every node of a cluster (docs/cluster.md): names unique across nodes,
/// listing and messages across nodes. A lone server has none and uses its <see cref="ClientRegistry"/> alone.
/// </summary>
public interface ISessionDirectory
{
    /// <summary>
    /// Claims <paramref name="name"/> cluster-wide for <paramref name="session"/> (its key already
    /// checked); on a refusal, <paramref name="session"/> keeps no claim. Returns Claimed, Replaced
    /// (a resume), Taken or BoundToAnotherKey.
    /// </summary>
    Task<ClaimOutcome> ClaimAsync(string name, ClientSession session, string? resume, CancellationToken cancellationToken);

    /// <summary>A name free cluster-wide for the key of <paramref name="session"/>, close to <paramref name="name"/>.</summary>
    Task<string> SuggestAsync(string name, ClientSession session, CancellationToken cancellationToken);

    /// <summary>Lets the session's name go (in the background; errors are logged).</summary>
    void Release(ClientSession session);

    /// <summary>Every named session of every live node, with its node.</summary>
    Task<List<ClientInfo>> ListClientsAsync(CancellationToken cancellationToken);

    /// <summary>Delivers a message to the named client on another node; false when no node has it.</summary>
    Task<bool> DeliverAsync(ChatMessage message, string to, CancellationToken cancellationToken);

    /// <summary>
    /// Who called <paramref name="functions"/> of <paramref name="module"/> recently on any live node,
    /// the counts of every node added up (the publish gate's refusal lists them). A node that does not
    /// answer counts nothing; when none can be asked, this node's own counts.
    /// </summary>
    Task<IReadOnlyList<FunctionCallers>> RecentCallersAsync(string module, IReadOnlyList<string> functions, CancellationToken cancellationToken);
}
