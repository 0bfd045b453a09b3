using System.Diagnostics.Metrics;
using SimpleRpc.ClientStub.Gateway;
using SimpleRpc.ClientStub.Link;

namespace SimpleRpc.ClientStub.Diagnostics;

/// <summary>
/// The instruments that read a running stub when a listener collects them: whether its link to
/// the server is up and the app calls waiting for the server. A meter of their own, named
/// <see cref="StubMetrics.MeterName"/>, made for one stub and disposed with it.
/// </summary>
internal sealed class StubGauges : IDisposable
{
    private readonly Meter _meter;

    /// <summary>Creates the instruments over a stub's link and gateway.</summary>
    public StubGauges(ServerLink server, AppGateway gateway)
    {
        _meter = new Meter(StubMetrics.MeterName, StubMetrics.Meter.Version);
        _meter.CreateObservableUpDownCounter("simplerpc.stub.link.up", () => server.Connection is null ? 0 : 1, "{connection}", "1 while the link to the server is open, else 0.");
        _meter.CreateObservableUpDownCounter("simplerpc.stub.calls.in_flight", () => gateway.InFlight.Count, "{call}", "App calls waiting for the server's reply.");
    }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
