using System.Collections.Immutable;
using Orleans.Runtime;

namespace SimpleRpc.Server.Tests.Support;

/// <summary>
/// Orleans' membership view, in memory, for the code that reads it and asks it to declare a silo
/// dead: statuses by silo, and the silos <see cref="TryKill"/> was asked about (each then Dead).
/// </summary>
internal sealed class MembershipDouble : IClusterMembershipService
{
    private readonly Dictionary<SiloAddress, SiloStatus> _statuses = [];
    private long _version = 1;

    public List<SiloAddress> Killed { get; } = [];

    public ClusterMembershipSnapshot CurrentSnapshot
    {
        get
        {
            lock (_statuses)
            {
                var members = _statuses.ToImmutableDictionary(s => s.Key, s => new ClusterMember(s.Key, s.Value, s.Key.ToString()));
                return new ClusterMembershipSnapshot(members, new MembershipVersion(_version));
            }
        }
    }

    public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

    public void Set(SiloAddress silo, SiloStatus status)
    {
        lock (_statuses)
        {
            _statuses[silo] = status;
            _version++;
        }
    }

    public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public Task<bool> TryKill(SiloAddress siloAddress)
    {
        Killed.Add(siloAddress);
        Set(siloAddress, SiloStatus.Dead);
        return Task.FromResult(true);
    }
}
