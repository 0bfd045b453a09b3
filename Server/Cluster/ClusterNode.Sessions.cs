using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Runtime;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Sessions;

namespace SimpleRpc.Server.Cluster;

public sealed partial class ClusterNode
{
    /// <inheritdoc/>
    public async Task<ClaimOutcome> ClaimAsync(string name, ClientSession session, string? resume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var claim = await NameCallAsync(() => Grains.GetGrain<IClientNameGrain>(Key(name)).ClaimAsync(session.KeyFingerprint, NodeName, _silo!, session.SessionId, resume), cancellationToken).ConfigureAwait(false);
        return claim switch
        {
            { Granted: true, ReplacedNode: not null } => ClaimOutcome.Replaced,
            { Granted: true } => ClaimOutcome.Claimed,
            { OtherKey: true } => ClaimOutcome.BoundToAnotherKey,
            _ => ClaimOutcome.Taken,
        };
    }

    /// <inheritdoc/>
    public async Task<string> SuggestAsync(string name, ClientSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);

        // As a lone server suggests (ClientRegistry): the stem cut so every candidate fits 64 characters.
        var stem = TrailingNumber().Replace(name, string.Empty);
        for (var i = 2; ; i++)
        {
            var suffix = "-" + i.ToString(CultureInfo.InvariantCulture);
            var candidate = stem[..Math.Min(stem.Length, 64 - suffix.Length)] + suffix;
            if (await NameCallAsync(() => Grains.GetGrain<IClientNameGrain>(Key(candidate)).IsFreeForAsync(session.KeyFingerprint), cancellationToken).ConfigureAwait(false))
            {
                return candidate;
            }
        }
    }

    /// <inheritdoc/>
    public void Release(ClientSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Name is not { } name || _grains is null)
        {
            return;
        }

        _ = ReleaseAsync(name, session.SessionId);
    }

    private async Task ReleaseAsync(string name, string sessionId)
    {
        try
        {
            await Grains.GetGrain<IClientNameGrain>(Key(name)).ReleaseAsync(sessionId).WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The name frees itself when this node's silo leaves the cluster.
            _log.Warning("Could not release the name {ClientId} in the cluster: {Reason}", name, ex.Message);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// This node's own stubs come from its own sessions, the others' from each live node asked
    /// directly (<see cref="ClusterNodes"/>): the node directory, after it moved with a dead node,
    /// would know only the nodes that subscribed again since
    /// (ClusterFailoverTests.KillNode_OfTheDirectory_ClientsAndMsgReachAStubOnAnotherLiveNode).
    /// </remarks>
    public async Task<List<ClientInfo>> ListClientsAsync(CancellationToken cancellationToken)
    {
        var all = OwnClients();
        all.AddRange(await Nodes.AskOthersAsync(n => n.ListClientsAsync(), cancellationToken).ConfigureAwait(false));
        return [.. all.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(c => new ClientInfo(c.Name, c.SessionId, c.Address, c.ConnectedAt, c.Node))];
    }

    /// <inheritdoc/>
    /// <remarks>Every other live node is asked at once; the one that has the client delivers.</remarks>
    public Task<bool> DeliverAsync(ChatMessage message, string to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Nodes.AnyOtherAsync(n => n.DeliverAsync(to, message.From, message.Text, message.SentAt), cancellationToken);
    }

    /// <summary>This node's named sessions, as the other nodes list them.</summary>
    internal List<ClusterClient> OwnClients() =>
        [.. _clients.Snapshot().Select(s => new ClusterClient { Name = s.Name!, SessionId = s.SessionId, Address = s.Address, ConnectedAt = s.ConnectedAt, Node = NodeName })];

    /// <summary>Delivers a message from another node to the named client if it is connected here; false when it is not.</summary>
    internal bool DeliverHere(string to, string from, string text, DateTimeOffset sentAt)
    {
        if (_clients.Find(to) is not { } target)
        {
            return false;
        }

        target.Connection.Notify(Methods.MessageReceived, new ChatMessage(from, text, sentAt));
        _log.Information("Message from {ClientId} to {TargetClientId} delivered from another node", from, target.Name);
        return true;
    }

    // Names and sessions need the cluster; when it cannot be reached the stub is told to try again.
    private async Task<T> NameCallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await ClusterCallAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or StackExchange.Redis.RedisException)
        {
            _log.Error(ex, "The cluster could not be reached for a session request");
            throw new RpcException(RpcErrorCodes.ServerUnavailable, "The cluster's directory is unreachable; try again shortly.");
        }
    }

    [GeneratedRegex("-[0-9]+$")]
    private static partial Regex TrailingNumber();
}
