using System.Diagnostics;
using System.Diagnostics.Metrics;
using SimpleRpc.Diagnostics;
using SimpleRpc.Protocol;

namespace SimpleRpc.ClientStub.Diagnostics;

/// <summary>
/// The stub's meter (<see cref="MeterName"/>): the app calls it relays and how long the server
/// took to answer them, its link to the server, and the proxies pushed to it. The gauges that
/// read a running stub are in <see cref="StubGauges"/>. docs/operations.md lists them all.
/// </summary>
/// <remarks>Thread-safe. The relay reads a clock only when a listener is on (<see cref="CallStarted"/>).</remarks>
internal static class StubMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "SimpleRpc.ClientStub";

    /// <summary>The meter every static instrument belongs to.</summary>
    public static readonly Meter Meter = new(MeterName, typeof(StubMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>App calls relayed to the server and answered, by <c>module</c>, <c>function</c>, <c>outcome</c> and <c>error.code</c>.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("simplerpc.stub.calls", "{call}", "App calls relayed to the server and answered.");

    /// <summary>Time from an app call's arrival at the stub to the server's reply, in seconds.</summary>
    public static readonly Histogram<double> RelayDuration = Meter.CreateHistogram(
        "simplerpc.stub.relay.duration",
        "s",
        "Time from an app call's arrival at the stub to the server's reply.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MethodTags.CallDurationBuckets });

    /// <summary>Links to the server opened again after one was lost.</summary>
    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("simplerpc.stub.reconnects", "{connection}", "Links to the server reopened after a loss.");

    /// <summary>Proxy changes the server pushed, by <c>kind</c> (<c>update</c>, <c>removal</c>).</summary>
    public static readonly Counter<long> ProxyPushes = Meter.CreateCounter<long>("simplerpc.proxy.pushes", "{push}", "Proxy updates and removals received from the server.");

    /// <summary>Time from a module's publish on the server to its proxy written here, in seconds (clocks of two machines: skew shows).</summary>
    public static readonly Histogram<double> ProxyPushLag = Meter.CreateHistogram(
        "simplerpc.proxy.push.lag",
        "s",
        "Time from a module's publish on the server to its proxy written by this stub.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>The timestamp to pass to <see cref="CallEnded"/>, or 0 when nothing listens.</summary>
    public static long CallStarted() => Calls.Enabled || RelayDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records a relayed call's outcome and duration; does nothing when <paramref name="started"/> is 0.</summary>
    public static void CallEnded(string method, RpcError? error, long started) => MethodTags.RecordCall(Calls, RelayDuration, method, error, started);
}
