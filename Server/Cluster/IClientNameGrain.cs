namespace SimpleRpc.Server.Cluster;

/// <summary>
/// One client name across the cluster (key: the name in lower case). Claims and releases of a
/// name are serialised here, so one session holds it cluster-wide.
/// </summary>
public interface IClientNameGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims the name for a session of <paramref name="node"/>. Granted when nobody holds it, the
    /// holder's silo is no longer active, or <paramref name="resume"/> names the holding session;
    /// refused when another session holds it or it is bound to another key.
    /// </summary>
    Task<NameClaim> ClaimAsync(string fingerprint, string node, SiloAddress silo, string sessionId, string? resume);

    /// <summary>True when a session with <paramref name="fingerprint"/> could claim the name now.</summary>
    Task<bool> IsFreeForAsync(string fingerprint);

    /// <summary>Lets the name go if <paramref name="sessionId"/> still holds it; the key binding stays.</summary>
    Task ReleaseAsync(string sessionId);
}
