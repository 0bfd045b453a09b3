using System.Collections.Concurrent;
using System.Diagnostics;
using SimpleRpc.Protocol;

namespace SimpleRpc.Diagnostics;

/// <summary>
/// The <c>module</c> and <c>function</c> metric tags of a module call's method name:
/// <c>z.Add</c> and <c>z.Add(System.Int32,System.Int32)</c> are both (<c>z</c>, <c>Add</c>).
/// </summary>
/// <remarks>
/// Thread-safe. Names come from callers, so at most <see cref="MaxNames"/> distinct ones are
/// remembered; past that, and for a name that is not <c>module.Function</c>, both tags are
/// <see cref="Unknown"/>: a caller cannot grow a process's memory or a scraper's series.
/// </remarks>
public static class MethodTags
{
    /// <summary>The tag value for a module or function that cannot be told.</summary>
    public const string Unknown = "(unknown)";

    /// <summary>How many distinct method names are remembered.</summary>
    public const int MaxNames = 4096;

    /// <summary>Bucket bounds, in seconds, of the call-duration histograms (server and stub alike).</summary>
    public static readonly double[] CallDurationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>
    /// Records one answered call in <paramref name="calls"/> and <paramref name="duration"/> with its
    /// module, function and outcome tags; does nothing when <paramref name="started"/> is 0 (nothing listened when it began).
    /// </summary>
    public static void RecordCall(System.Diagnostics.Metrics.Counter<long> calls, System.Diagnostics.Metrics.Histogram<double> duration, string method, RpcError? error, long started)
    {
        if (started == 0)
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var tags = ForCall(method, error);
        calls.Add(1, tags);
        duration.Record(elapsed, tags);
    }

    private static readonly ConcurrentDictionary<string, (string Module, string Function)> Known = new(StringComparer.Ordinal);

    /// <summary>The module and function <paramref name="method"/> names.</summary>
    public static (string Module, string Function) Of(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (Known.TryGetValue(method, out var tags))
        {
            return tags;
        }

        var dot = method.IndexOf('.', StringComparison.Ordinal);
        var paren = method.IndexOf('(', StringComparison.Ordinal);
        var end = paren < 0 ? method.Length : paren;
        tags = dot <= 0 || dot >= end - 1 ? (Unknown, Unknown) : (method[..dot], method[(dot + 1)..end]);
        if (Known.Count < MaxNames)
        {
            Known.TryAdd(method, tags);
            return tags;
        }

        return (Unknown, Unknown);
    }

    /// <summary>
    /// The tags of a call's measurements: <c>module</c>, <c>function</c>, <c>outcome</c> (<c>ok</c> or
    /// <c>error</c>) and, for an error, <c>error.code</c>. A method-not-found error tags both names
    /// <see cref="Unknown"/>: the name is whatever the caller sent.
    /// </summary>
    public static TagList ForCall(string method, RpcError? error)
    {
        var (module, function) = error?.Code == RpcErrorCodes.MethodNotFound ? (Unknown, Unknown) : Of(method);
        var tags = new TagList { { "module", module }, { "function", function }, { "outcome", error is null ? "ok" : "error" } };
        if (error is not null)
        {
            tags.Add("error.code", error.Code);
        }

        return tags;
    }
}
