using System.Diagnostics;
using System.Diagnostics.Metrics;
using SimpleRpc.Diagnostics;
using SimpleRpc.Protocol;

namespace SimpleRpc.Server.Diagnostics;

/// <summary>
/// The server's meter (<see cref="MeterName"/>) and the instruments its code records into:
/// calls, uploads, compiles, publishes, proxy pushes and worker processes. The gauges that read
/// a running server's state (calls in flight, connected stubs, workers running) are in
/// <see cref="ServerGauges"/>. docs/operations.md lists every instrument and its tags.
/// </summary>
/// <remarks>
/// Thread-safe. With nothing listening every instrument's <c>Enabled</c> is false, and the call
/// path checks it before it reads a clock or builds a tag, so metrics cost a field read per call.
/// </remarks>
internal static class ServerMetrics
{
    /// <summary>The meter's name, for <c>dotnet-counters monitor --counters</c> and OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "SimpleRpc.Server";

    /// <summary>The tag value for a module or function a call named that the server does not know.</summary>
    public const string Unknown = MethodTags.Unknown;

    /// <summary>The meter every static instrument belongs to.</summary>
    public static readonly Meter Meter = new(MeterName, typeof(ServerMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Module calls answered, by <c>module</c>, <c>function</c>, <c>outcome</c> and <c>error.code</c>.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("simplerpc.calls", "{call}", "Module calls answered, by module, function and outcome.");

    /// <summary>How long module calls took on the server, in seconds, with the tags of <see cref="Calls"/>.</summary>
    public static readonly Histogram<double> CallDuration = Meter.CreateHistogram(
        "simplerpc.call.duration",
        "s",
        "Time from a module call's arrival at the server to its reply.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MethodTags.CallDurationBuckets });

    /// <summary>Module uploads committed, by <c>module</c> and <c>outcome</c> (<c>ok</c>, <c>compile_failed</c>, <c>refused</c>).</summary>
    public static readonly Counter<long> Uploads = Meter.CreateCounter<long>("simplerpc.uploads", "{upload}", "Module uploads committed, by outcome.");

    /// <summary>Compiles of a module, by <c>module</c>, <c>reason</c> (<c>upload</c>, <c>restore</c>) and <c>outcome</c> (<c>ok</c>, <c>failed</c>).</summary>
    public static readonly Counter<long> Compiles = Meter.CreateCounter<long>("simplerpc.compiles", "{compile}", "Module compiles, by reason and outcome.");

    /// <summary>How long compiles took, in seconds, with the tags of <see cref="Compiles"/>.</summary>
    public static readonly Histogram<double> CompileDuration = Meter.CreateHistogram(
        "simplerpc.compile.duration",
        "s",
        "Time a module took to compile and load.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    /// <summary>Module versions that started serving after an upload, by <c>module</c>.</summary>
    public static readonly Counter<long> ModulesPublished = Meter.CreateCounter<long>("simplerpc.modules.published", "{version}", "Module versions published.");

    /// <summary>Proxy notifications sent to stubs (one per stub per change), by <c>kind</c> (<c>update</c>, <c>removal</c>).</summary>
    public static readonly Counter<long> ProxyPushes = Meter.CreateCounter<long>("simplerpc.proxy.pushes", "{push}", "Proxy updates and removals pushed to stubs.");

    /// <summary>Worker processes started, by <c>module</c>.</summary>
    public static readonly Counter<long> WorkerStarts = Meter.CreateCounter<long>("simplerpc.workers.starts", "{process}", "Worker processes started.");

    /// <summary>Workers started again at once after one ended unexpectedly, by <c>module</c>.</summary>
    public static readonly Counter<long> WorkerRestarts = Meter.CreateCounter<long>("simplerpc.workers.restarts", "{process}", "Worker processes replaced after a crash or a kill from outside.");

    /// <summary>
    /// Workers the server killed, by <c>module</c> and <c>reason</c> (<c>deadline</c>, <c>replaced</c>,
    /// <c>start_timeout</c>, <c>stop_timeout</c>, <c>link_broken</c>).
    /// </summary>
    public static readonly Counter<long> WorkerKills = Meter.CreateCounter<long>("simplerpc.workers.kills", "{process}", "Worker processes killed by the server, by reason.");

    /// <summary>Worker ends nobody in the server asked for, by <c>module</c> and <c>reason</c> (<c>crash</c>, <c>killed_outside</c>).</summary>
    public static readonly Counter<long> WorkerCrashes = Meter.CreateCounter<long>("simplerpc.workers.crashes", "{process}", "Worker processes that ended unexpectedly.");

    /// <summary>True when a listener wants call metrics: the call path then takes a start timestamp.</summary>
    public static bool CallsEnabled => Calls.Enabled || CallDuration.Enabled;

    /// <summary>The timestamp to pass to <see cref="CallEnded"/>, or 0 when nothing listens.</summary>
    public static long CallStarted() => CallsEnabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records a module call's outcome and duration; does nothing when <paramref name="started"/> is 0.</summary>
    /// <param name="method">The method the caller sent.</param>
    /// <param name="error">The reply's error, or null for a result.</param>
    /// <param name="started">From <see cref="CallStarted"/>.</param>
    public static void CallEnded(string method, RpcError? error, long started) => MethodTags.RecordCall(Calls, CallDuration, method, error, started);
}
