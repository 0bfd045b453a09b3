using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SimpleRpc.Tests.Support;

namespace SimpleRpc.Server.Tests.Diagnostics;

/// <summary>Collects every measurement of the server's meter while it lives.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricRecorder(string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Add(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
        _listener.Start();
    }

    public ConcurrentQueue<Measurement> Measurements { get; } = new();

    /// <summary>Reads the observable instruments now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>
    /// Reads the observable instruments until the last value of <paramref name="instrument"/> meets
    /// <paramref name="done"/>, or <see cref="Within.Limit"/> has passed; returns that last value (0 if none).
    /// </summary>
    /// <remarks>
    /// For counters that a peer can get ahead of: a connection counts the bytes of a write once its
    /// stream has taken them, which may be a moment after the peer has read them.
    /// </remarks>
    public async Task<double> ObserveUntilAsync(string instrument, Func<double, bool> done, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Observe();
            var last = Of(instrument).LastOrDefault()?.Value ?? 0;
            if (done(last) || waited.Elapsed > Within.Limit)
            {
                return last;
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>The measurements of <paramref name="instrument"/> whose tags include <paramref name="tags"/>.</summary>
    public IReadOnlyList<Measurement> Of(string instrument, params (string Key, object? Value)[] tags) =>
        [.. Measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))];

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        Measurements.Enqueue(new Measurement(instrument.Name, value, copy));
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}
