using SimpleRpc.Diagnostics;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// One function's (or the whole server's) answered calls over the last <see cref="Seconds"/> seconds,
/// in one-second slots: calls, errors and a latency histogram with the meters' bucket bounds, from
/// which calls/s, the error rate and p50/p99 are read.
/// </summary>
/// <remarks>Thread-safe: one lock, held for a few array writes.</remarks>
internal sealed class CallSeries(int seconds)
{
    private static readonly double[] Bounds = MethodTags.CallDurationBuckets;
    private readonly Lock _gate = new();
    private readonly long[] _slotSecond = new long[seconds];
    private readonly int[] _calls = new int[seconds];
    private readonly int[] _errors = new int[seconds];
    private readonly int[,] _buckets = new int[seconds, Bounds.Length + 1];

    /// <summary>How many one-second slots are kept.</summary>
    public int Seconds => seconds;

    /// <summary>Counts one call that ended at <paramref name="second"/> (Unix seconds).</summary>
    public void Record(long second, double elapsedSeconds, bool failed)
    {
        var bucket = Array.BinarySearch(Bounds, elapsedSeconds);
        bucket = bucket < 0 ? ~bucket : bucket;
        lock (_gate)
        {
            var slot = Slot(second);
            _calls[slot]++;
            _errors[slot] += failed ? 1 : 0;
            _buckets[slot, bucket]++;
        }
    }

    /// <summary>Calls, errors, p50 and p99 (seconds, null without calls) over the <paramref name="span"/> whole seconds before <paramref name="now"/>.</summary>
    public (int Calls, int Errors, double? P50, double? P99) Over(long now, int span)
    {
        var histogram = new int[Bounds.Length + 1];
        int calls = 0, errors = 0;
        lock (_gate)
        {
            for (var second = now - span; second < now; second++)
            {
                var slot = (int)(second % seconds);
                if (_slotSecond[slot] != second)
                {
                    continue;
                }

                calls += _calls[slot];
                errors += _errors[slot];
                for (var b = 0; b < histogram.Length; b++)
                {
                    histogram[b] += _buckets[slot, b];
                }
            }
        }

        return (calls, errors, Quantile(histogram, calls, 0.5), Quantile(histogram, calls, 0.99));
    }

    // A slot is reused for a later second: clear it first.
    private int Slot(long second)
    {
        var slot = (int)(second % seconds);
        if (_slotSecond[slot] != second)
        {
            _slotSecond[slot] = second;
            _calls[slot] = 0;
            _errors[slot] = 0;
            for (var b = 0; b <= Bounds.Length; b++)
            {
                _buckets[slot, b] = 0;
            }
        }

        return slot;
    }

    // Linear within the bucket that holds the quantile, as Prometheus's histogram_quantile does.
    internal static double? Quantile(int[] histogram, int total, double q)
    {
        if (total == 0)
        {
            return null;
        }

        var rank = q * total;
        var seen = 0;
        for (var b = 0; b < histogram.Length; b++)
        {
            if (seen + histogram[b] >= rank && histogram[b] > 0)
            {
                if (b == Bounds.Length)
                {
                    return Bounds[^1];
                }

                var lower = b == 0 ? 0 : Bounds[b - 1];
                return lower + ((Bounds[b] - lower) * (rank - seen) / histogram[b]);
            }

            seen += histogram[b];
        }

        return Bounds[^1];
    }
}
