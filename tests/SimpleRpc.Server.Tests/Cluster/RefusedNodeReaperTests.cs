using System.Net;
using System.Net.Sockets;
using Orleans.Runtime;
using SimpleRpc.Server.Cluster;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Cluster;

/// <summary>
/// The reaper against real sockets on loopback: a silo port with nothing listening (refused) and
/// one with a listener (accepted), and Orleans' membership view as a double.
/// </summary>
[CancelAfter(20_000)]
public sealed class RefusedNodeReaperTests
{
    private static readonly SiloAddress Self = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 1), 1);

    [Test]
    public async Task ReapAsync_NamedSiloPortRefuses_DeclaresItDead(CancellationToken cancellationToken)
    {
        var (reaper, membership) = Create();
        var gone = Silo(ClosedPort());
        membership.Set(gone, SiloStatus.Active);

        var retry = await reaper.ReapAsync(Failure(gone), cancellationToken);

        Assert.That(retry, Is.True);
        Assert.That(membership.Killed, Is.EqualTo(new[] { gone }));
    }

    [Test]
    public async Task ReapAsync_NamedSiloStillListens_LeavesItAlone(CancellationToken cancellationToken)
    {
        var (reaper, membership) = Create();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var busy = Silo(((IPEndPoint)listener.LocalEndpoint).Port);
        membership.Set(busy, SiloStatus.Active);

        var retry = await reaper.ReapAsync(Failure(busy), cancellationToken);

        Assert.That(retry, Is.False, "a node that accepts connections is left to the probes, however slow it answers");
        Assert.That(membership.Killed, Is.Empty);
    }

    [Test]
    public async Task ReapAsync_FailureNamesNoSilo_DoesNothing(CancellationToken cancellationToken)
    {
        var (reaper, membership) = Create();
        var gone = Silo(ClosedPort());
        membership.Set(gone, SiloStatus.Active);

        var retry = await reaper.ReapAsync(new TimeoutException("no answer within 15 s"), cancellationToken);

        Assert.That(retry, Is.False);
        Assert.That(membership.Killed, Is.Empty);
    }

    [Test]
    public async Task ReapAsync_SiloAlreadyLeaving_NotKilledButWorthRetrying(CancellationToken cancellationToken)
    {
        var (reaper, membership) = Create();
        var leaving = Silo(ClosedPort());
        membership.Set(leaving, SiloStatus.ShuttingDown);

        var retry = await reaper.ReapAsync(Failure(leaving), cancellationToken);

        Assert.That(retry, Is.True, "it is no longer active: the directory moves on without it");
        Assert.That(membership.Killed, Is.Empty);
    }

    [Test]
    public async Task ReapAsync_FailureNamesThisSilo_NeverKillsItself(CancellationToken cancellationToken)
    {
        var (reaper, membership) = Create();
        membership.Set(Self, SiloStatus.Active);

        var retry = await reaper.ReapAsync(Failure(Self), cancellationToken);

        Assert.That(retry, Is.False);
        Assert.That(membership.Killed, Is.Empty);
    }

    private static (RefusedNodeReaper Reaper, MembershipDouble Membership) Create()
    {
        var membership = new MembershipDouble();
        return (new RefusedNodeReaper(membership, new LocalSiloDouble(Self), CollectingSink.CreateLogger().Log), membership);
    }

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 7);

    // As Orleans words it when a connection to a silo fails.
    private static Exception Failure(SiloAddress silo) =>
        new OrleansException("Exception while sending message", new InvalidOperationException($"Unable to connect to endpoint {silo}. See InnerException"));

    // A port that was just free: nothing listens there, so a connection is refused.
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
