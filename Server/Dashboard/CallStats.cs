using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SimpleRpc.Diagnostics;
using SimpleRpc.Server.Diagnostics;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// The dashboard's call figures, read from the server's own meter: a <see cref="MeterListener"/>
/// on <c>simplerpc.call.duration</c> (one measurement per answered call, tagged with module,
/// function and outcome) feeds a <see cref="CallSeries"/> per function and one for the server.
/// It reads the metrics the call path records; it adds nothing to the call path itself.
/// </summary>
/// <remarks>
/// Thread-safe. Bounded: at most <see cref="MaxFunctions"/> functions are tracked (method names come
/// from callers); calls to the rest count only in the server's series.
/// </remarks>
public sealed class CallStats : IDisposable
{
    /// <summary>The most functions tracked.</summary>
    public const int MaxFunctions = 512;

    /// <summary>The seconds the server's series keeps, for the charts.</summary>
    public const int ChartSeconds = 300;

    private const string CallDurationName = "simplerpc.call.duration";
    private const int FunctionSeconds = 60;
    private const int RateSeconds = 10;
    private readonly ConcurrentDictionary<(string Module, string Function), CallSeries> _functions = new();
    private readonly CallSeries _total = new(ChartSeconds);
    private readonly MeterListener _listener = new();
    private readonly TimeProvider _time;

    /// <summary>Starts listening to the server's call meter.</summary>
    public CallStats(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // By name, not by reference: this runs inside ServerMetrics' type initializer when the
            // meter is created after the listener (Functions_CallsRecordedThroughTheServerMeter_…).
            if (instrument.Meter.Name == ServerMetrics.MeterName && instrument.Name == CallDurationName)
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((CallStats)state!).Record(value, tags));
        _listener.Start();
    }

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Counts one call with the meter's tags.</summary>
    internal void Record(double elapsedSeconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string module = MethodTags.Unknown, function = MethodTags.Unknown;
        var failed = false;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "module": module = tag.Value as string ?? module; break;
                case "function": function = tag.Value as string ?? function; break;
                case "outcome": failed = !Equals(tag.Value, "ok"); break;
            }
        }

        var second = Now;
        _total.Record(second, elapsedSeconds, failed);
        if (_functions.TryGetValue((module, function), out var series) || (_functions.Count < MaxFunctions && (series = _functions.GetOrAdd((module, function), static _ => new CallSeries(FunctionSeconds))) is not null))
        {
            series.Record(second, elapsedSeconds, failed);
        }
    }

    /// <summary>Each function's figures: calls/s over the last 10 s, error rate and p50/p99 over the last minute.</summary>
    public IReadOnlyList<FunctionStats> Functions()
    {
        var now = Now;
        return [.. _functions.OrderBy(f => f.Key.Module, StringComparer.Ordinal).ThenBy(f => f.Key.Function, StringComparer.Ordinal).Select(f =>
        {
            var recent = f.Value.Over(now, RateSeconds);
            var minute = f.Value.Over(now, FunctionSeconds);
            return new FunctionStats(
                f.Key.Module,
                f.Key.Function,
                recent.Calls / (double)RateSeconds,
                minute.Calls,
                minute.Calls == 0 ? 0 : minute.Errors / (double)minute.Calls,
                Milliseconds(minute.P50),
                Milliseconds(minute.P99));
        })];
    }

    /// <summary>The server's calls/s, p50 and p99 (ms) for each of the last <see cref="ChartSeconds"/> whole seconds.</summary>
    public ChartSeries Chart()
    {
        var now = Now;
        var times = new long[ChartSeconds];
        var calls = new int[ChartSeconds];
        var p50 = new double?[ChartSeconds];
        var p99 = new double?[ChartSeconds];
        for (var i = 0; i < ChartSeconds; i++)
        {
            var second = now - ChartSeconds + i;
            var figures = _total.Over(second + 1, 1);
            times[i] = second;
            calls[i] = figures.Calls;
            p50[i] = Milliseconds(figures.P50);
            p99[i] = Milliseconds(figures.P99);
        }

        return new ChartSeries(times, calls, p50, p99);
    }

    private static double? Milliseconds(double? seconds) => seconds is { } s ? Math.Round(s * 1000, 3) : null;

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();
}
