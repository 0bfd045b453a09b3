using Orleans.Runtime;
using Serilog;

namespace SimpleRpc.Server.Cluster;

/// <summary>One client name, kept in Redis (storage <c>catalogue</c>).</summary>
public sealed class ClientNameGrain(
    [PersistentState("name", ClusterHosting.StorageName)] IPersistentState<ClientNameState> state,
    IClusterMembershipService membership,
    ILogger log) : Grain, IClientNameGrain
{
    /// <inheritdoc/>
    /// <remarks>Logged so an operator (and ClusterFailoverTests) can tell which node keeps a name.</remarks>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.ForContext<ClientNameGrain>().Information("The name {ClientId} is kept on this node (its name grain is active here)", this.GetPrimaryKeyString());
        return base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<NameClaim> ClaimAsync(string fingerprint, string node, SiloAddress silo, string sessionId, string? resume)
    {
        var current = state.State;
        if (current.Fingerprint is not null && current.Fingerprint != fingerprint)
        {
            return new NameClaim { OtherKey = true };
        }

        string? replaced = null;
        if (IsHeld())
        {
            if (resume is null || resume != current.SessionId)
            {
                return new NameClaim();
            }

            replaced = current.Node;
        }

        current.Fingerprint = fingerprint;
        current.Node = node;
        current.Silo = silo;
        current.SessionId = sessionId;
        await state.WriteStateAsync();
        return new NameClaim { Granted = true, ReplacedNode = replaced };
    }

    /// <inheritdoc/>
    public Task<bool> IsFreeForAsync(string fingerprint) =>
        Task.FromResult((state.State.Fingerprint is null || state.State.Fingerprint == fingerprint) && !IsHeld());

    /// <inheritdoc/>
    public async Task ReleaseAsync(string sessionId)
    {
        if (state.State.SessionId != sessionId)
        {
            return;
        }

        state.State.Node = null;
        state.State.Silo = null;
        state.State.SessionId = null;
        await state.WriteStateAsync();
    }

    // A holder on a silo that Orleans declared dead (or that left) holds nothing any more.
    private bool IsHeld() =>
        state.State.SessionId is not null && state.State.Silo is { } silo && membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Active;
}
