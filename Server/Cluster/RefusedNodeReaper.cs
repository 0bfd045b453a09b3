using System.Net;
using System.Net.Sockets;
using Orleans.Runtime;
using Serilog;

namespace SimpleRpc.Server.Cluster;

/// <summary>
/// Declares a node dead at once when a cluster call failed on it and its silo port refuses
/// connections, instead of waiting for Orleans' probes and votes (docs/cluster.md, "Failover").
/// </summary>
/// <remarks>
/// Until Orleans declares a silo dead, every grain that lived on it, and every grain whose
/// directory entry it kept, is unreachable from the other nodes: a stub whose name grain was
/// there cannot resume anywhere for those seconds. A refused connection is evidence that the
/// probes cannot give: the host answered, and nothing listens on the silo's port any more (a
/// node that is only slow or frozen still has its listener, so its connections are accepted, not
/// refused; a host that is down does not answer at all; both are left to the probes). The check
/// is made twice around a fresh read of the membership table, and a silo that is no longer
/// <see cref="SiloStatus.Active"/> there (it is leaving) is left alone.
/// Thread-safe: one check at a time; a caller that waited finds the silo already declared.
/// </remarks>
public sealed class RefusedNodeReaper
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecheckDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan DeclaredTimeout = TimeSpan.FromSeconds(5);
    private readonly IClusterMembershipService _membership;
    private readonly SiloAddress _self;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the reaper of the silo <paramref name="self"/> (which it never declares dead).</summary>
    public RefusedNodeReaper(IClusterMembershipService membership, ILocalSiloDetails self, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(log);
        _membership = membership;
        _self = self.SiloAddress;
        _log = log.ForContext<RefusedNodeReaper>();
    }

    /// <summary>
    /// Looks for the active silos that <paramref name="failure"/> names (Orleans puts the target
    /// silo's address in its connection and rejection errors) and declares dead those whose port
    /// refuses connections.
    /// </summary>
    /// <returns>True when a silo that the failure named is no longer active (now or already), so the call is worth trying again.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled. Nothing else is thrown: a check that fails returns false.</exception>
    public async Task<bool> ReapAsync(Exception failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var text = failure.ToString();
        var named = _membership.CurrentSnapshot.Members.Keys
            .Where(s => !s.Equals(_self) && text.Contains(s.ToString(), StringComparison.Ordinal))
            .ToList();
        if (named.Count == 0)
        {
            return false;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var any = false;
            foreach (var silo in named)
            {
                any |= await ReapAsync(silo, cancellationToken).ConfigureAwait(false);
            }

            return any;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The membership table may be unreachable too (Redis down): the probes decide then.
            _log.Warning("Could not check whether the nodes named by a failed cluster call are gone: {Reason}", ex.Message);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> ReapAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        if (!IsActive(silo))
        {
            return true;
        }

        if (!await RefusesAsync(silo.Endpoint, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // A node leaving on purpose closes its port after it wrote ShuttingDown in the table.
        await Task.Delay(RecheckDelay, cancellationToken).ConfigureAwait(false);
        await _membership.Refresh(default, cancellationToken).ConfigureAwait(false);
        if (!IsActive(silo))
        {
            return true;
        }

        if (!await RefusesAsync(silo.Endpoint, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _log.Warning("Node silo {Silo} refuses connections on its port: its process is gone; declaring it dead now instead of waiting for the probes", silo.ToString());
        await _membership.TryKill(silo).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DeclaredTimeout);
        try
        {
            while (IsActive(silo))
            {
                await Task.Delay(50, timeout.Token).ConfigureAwait(false);
                await _membership.Refresh(default, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _log.Warning("Node silo {Silo} is still listed as active {Seconds} s after it was declared dead", silo.ToString(), DeclaredTimeout.TotalSeconds);
            return false;
        }

        _log.Information("Node silo {Silo} is declared dead; its grains activate again on the live nodes", silo.ToString());
        return true;
    }

    private bool IsActive(SiloAddress silo) => _membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Active;

    // Refused: the host answered and nothing listens there. A timeout or any other error is no proof.
    private static async Task<bool> RefusesAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            return false;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode == SocketError.ConnectionRefused;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
