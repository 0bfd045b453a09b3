using SimpleRpc.Hosting.Net;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Link;

// How the stub notices a server that stopped answering (frozen, or behind a network black hole)
// rather than closing the link: deadlines on what it asks, and heartbeats that must be answered.
public sealed partial class ServerLink
{
    /// <summary>The default call deadline until a server says its own (callTimeoutSeconds' default).</summary>
    private const long DefaultCallTimeoutMs = 30_000;

    private const long NoCallTimeoutCap = long.MaxValue / 4;

    // The server answers a call that passes its deadline with its own -32021, which says more:
    // for a worker that froze, only after its 2 s backstop (WorkerLifetimeTests.FrozenWorker_…).
    // The stub answers in its place only later than that, when the server has said nothing.
    private const long LocalDeadlineGraceMs = 2500;

    private TimeSpan HeartbeatTimeout => TimeSpan.FromSeconds(_options.HeartbeatTimeoutSeconds);

    /// <summary>
    /// How long the stub waits for the server's reply to an app's call before answering -32021
    /// itself: the call's <c>timeoutMs</c> (cut to the server's maxCallTimeoutSeconds) or the
    /// server's callTimeoutSeconds (both from the hello result), plus a short grace.
    /// </summary>
    public long LocalDeadlineMs(int? timeoutMs) =>
        (timeoutMs is { } ms ? Math.Min(ms, _maxCallTimeoutMs) : _callTimeoutMs) + LocalDeadlineGraceMs;

    // Connecting (TCP, then TLS) may not take longer than heartbeatTimeoutSeconds either: a
    // black-holed address would otherwise hold a reconnect attempt for the OS's two minutes.
    private async Task<JsonRpcConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var options = _options.ConnectionOptions;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(HeartbeatTimeout);
        try
        {
            return await TlsConnector.ConnectAsync(Endpoint, options, _options.Tls, _log, HandleAsync, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"Could not connect to {Endpoint} within {_options.HeartbeatTimeoutSeconds} s (heartbeatTimeoutSeconds).");
        }
    }

    // The hello and the sync get an answer within heartbeatTimeoutSeconds or the attempt fails
    // (a server that accepts connections but answers nothing must not hold a reconnect for ever).
    private async Task<T> AskAsync<T>(JsonRpcConnection connection, string method, object parameters, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(HeartbeatTimeout);
        try
        {
            return (await connection.InvokeAsync<T>(method, parameters, limit.Token).ConfigureAwait(false))!;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(RpcErrorCodes.Timeout, $"The server did not answer {method} within {_options.HeartbeatTimeoutSeconds} s (heartbeatTimeoutSeconds).");
        }
    }

    // When nothing has come from the server for heartbeatSeconds, the stub asks simplerpc/ping;
    // no answer within heartbeatTimeoutSeconds and the link counts as lost: its calls in flight
    // fail with -32031 and the stub reconnects (StubFrozenServerTests.ServerSilent_…). It also
    // pings at least three times per server idle timeout, so the server never drops a quiet stub.
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HeartbeatPeriod());
        var lastPing = Environment.TickCount64;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                // The server's idle timeout is known once the hello is answered, and may be shorter
                // than the stub's own period (2 s at most): tick often enough to ping three times
                // within it. Ticking every 2 s against a 2 s idle timeout let the server drop a
                // quiet stub now and then (LimitTests.IdleTimeout_…_StubWithHeartbeatsStays).
                if (HeartbeatPeriod() is var wanted && wanted != timer.Period)
                {
                    timer.Period = wanted;
                }

                var connection = Connection;
                var now = Environment.TickCount64;
                var serverIdleMs = _serverIdleSeconds * 1000L;
                if (connection is null
                    || (connection.IdleFor.TotalSeconds < _options.HeartbeatSeconds && (serverIdleMs == 0 || now - lastPing < serverIdleMs / 3)))
                {
                    continue;
                }

                lastPing = now;
                await PingAsync(connection, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // How often the heartbeat looks: a quarter of heartbeatSeconds, and a sixth of the server's
    // idle timeout once known, between 0.1 and 2 s.
    private TimeSpan HeartbeatPeriod()
    {
        var seconds = _options.HeartbeatSeconds / 4.0;
        if (_serverIdleSeconds > 0)
        {
            seconds = Math.Min(seconds, _serverIdleSeconds / 6.0);
        }

        return TimeSpan.FromSeconds(Math.Clamp(seconds, 0.1, 2));
    }

    private async Task PingAsync(JsonRpcConnection connection, CancellationToken cancellationToken)
    {
        var ping = JsonRpcMessage.Request(RpcId.None, Methods.Ping, null);
        try
        {
            // Any answer will do, an error included: the server is alive.
            await connection.SendRequestAsync(ping, HeartbeatTimeout, mayShareWrite: false, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _log.Warning("The server at {Endpoint} did not answer a heartbeat within {Seconds} s (heartbeatTimeoutSeconds); treating the link as lost", Endpoint, _options.HeartbeatTimeoutSeconds);
            connection.Close(new TimeoutException($"No answer to a heartbeat within {_options.HeartbeatTimeoutSeconds} s."));
        }
        catch (RpcException ex)
        {
            _log.Debug("Heartbeat not sent: {Reason}", ex.Message);
        }
    }
}
