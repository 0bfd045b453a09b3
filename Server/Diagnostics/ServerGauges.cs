using System.Diagnostics.Metrics;

namespace SimpleRpc.Server.Diagnostics;

/// <summary>
/// The instruments that read a running server's state when a listener collects them: calls in
/// flight, connected stubs, serving modules, running workers and bytes on the stub links. They
/// belong to a meter of their own named <see cref="ServerMetrics.MeterName"/>, made for one
/// <see cref="ServerHost"/> and disposed with it, so a test that runs several servers in one
/// process reads each one's values.
/// </summary>
/// <remarks>Thread-safe; the callbacks only read counters and take snapshots.</remarks>
internal sealed class ServerGauges : IDisposable
{
    private readonly Meter _meter;

    /// <summary>Creates the instruments over <paramref name="server"/>.</summary>
    public ServerGauges(ServerHost server)
    {
        _meter = new Meter(ServerMetrics.MeterName, ServerMetrics.Meter.Version);
        _meter.CreateObservableUpDownCounter("simplerpc.calls.in_flight", () => server.CallsInFlight.Count, "{call}", "Module calls from stubs running now.");
        _meter.CreateObservableUpDownCounter("simplerpc.stubs.connected", () => server.Clients.Snapshot().Count, "{stub}", "Stubs connected and named.");
        _meter.CreateObservableUpDownCounter("simplerpc.modules", () => server.Modules.Snapshot().Count, "{module}", "Modules serving.");
        _meter.CreateObservableCounter("simplerpc.bytes.received", () => server.LinkBytes.Received, "By", "Bytes received from stubs.");
        _meter.CreateObservableCounter("simplerpc.bytes.sent", () => server.LinkBytes.Sent, "By", "Bytes sent to stubs.");
        _meter.CreateObservableUpDownCounter("simplerpc.workers.running", () => server.Workers?.Snapshot().Count(w => w.ProcessId is not null) ?? 0, "{process}", "Worker processes running.");
    }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
