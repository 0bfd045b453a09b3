namespace SimpleRpc.Server.Cluster;

/// <summary>
/// The conf object <c>cluster</c>: with it the server is one node of a cluster (docs/cluster.md);
/// without it the server runs alone and none of this is used.
/// </summary>
public sealed class ClusterNodeOptions
{
    /// <summary>The cluster's name: Orleans' ClusterId and ServiceId. Required.</summary>
    public string? Id { get; set; }

    /// <summary>The StackExchange.Redis configuration string (<c>host:port[,password=…]</c>) for membership and grain state. Required.</summary>
    public string? Redis { get; set; }

    /// <summary>The port the silo talks to other silos on; 0 takes a free port found at start. Default 0.</summary>
    public int SiloPort { get; set; }

    /// <summary>
    /// The initial time a node waits for a liveness probe of another node, and the period between
    /// probes (Orleans adapts it between half and four times this). Default 2 (Orleans' own: 5).
    /// </summary>
    public double ProbeTimeoutSeconds { get; set; } = 2;

    /// <summary>Missed probes after which a node votes another dead; two votes declare it. Default 3.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// Declares a node dead at once when a call failed on it and its silo port refuses connections
    /// (<see cref="RefusedNodeReaper"/>), instead of waiting for the probes. Default true; turn it
    /// off on a network whose firewalls answer a blocked port with a refusal.
    /// </summary>
    public bool DeclareRefusedDead { get; set; } = true;

    /// <summary>Checks the settings, naming the first bad one.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate(string host)
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new ArgumentException("cluster.id is missing; every node of one cluster names the same id.");
        }

        if (string.IsNullOrWhiteSpace(Redis))
        {
            throw new ArgumentException("cluster.redis is missing; name the Redis that holds the cluster's membership and catalogue (host:port).");
        }

        if (SiloPort is < 0 or > 65535)
        {
            throw new ArgumentException($"cluster.siloPort is {SiloPort}; it must be between 0 and 65535.");
        }

        if (ProbeTimeoutSeconds is < 0.5 or > 60)
        {
            throw new ArgumentException($"cluster.probeTimeoutSeconds is {ProbeTimeoutSeconds}; it must be between 0.5 and 60.");
        }

        if (MissedProbesLimit is < 2 or > 10)
        {
            throw new ArgumentException($"cluster.missedProbesLimit is {MissedProbesLimit}; it must be between 2 and 10.");
        }

        if (!System.Net.IPAddress.TryParse(host, out var address) || address.Equals(System.Net.IPAddress.Any) || address.Equals(System.Net.IPAddress.IPv6Any))
        {
            throw new ArgumentException($"host is '{host}'; a cluster node needs an IP address the other nodes can reach (not a name, not 0.0.0.0 or ::).");
        }
    }
}
