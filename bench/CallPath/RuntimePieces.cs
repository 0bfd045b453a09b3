using System.Diagnostics;
using System.Globalization;
using System.Text;
using SimpleRpc.Protocol;
using SimpleRpc.Serialization;

namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// The pieces of Shared's runtime that every SimpleRpc hop runs per message, timed one at a time
/// on one thread in this process: a lead for where the stub's and the server's CPU and
/// allocations go (they run the same code). Bounded: five batches of at most 5,000 runs or 60 ms per piece.
/// </summary>
internal static class RuntimePieces
{
    private const int Batches = 5;
    private const int MaxRuns = 5_000;
    private static readonly TimeSpan MaxTime = TimeSpan.FromMilliseconds(60);

    public static string Measure()
    {
        const string RequestLine = """{"jsonrpc":"2.0","id":42,"method":"z.Add(int,int)","params":[1,2],"moduleVersion":1,"timeoutMs":30000}""";
        const string ReplyLine = """{"jsonrpc":"2.0","id":42,"result":3}""";
        var request = JsonRpcFormatter.Parse(RequestLine);
        var reply = JsonRpcFormatter.Parse(ReplyLine);
        object?[] args = [1, 2];
        var pieces = new (string Name, Func<object?> Run)[]
        {
            ("JsonRpcFormatter.Parse(request line)", () => JsonRpcFormatter.Parse(RequestLine)),
            ("JsonRpcFormatter.Parse(reply line)", () => JsonRpcFormatter.Parse(ReplyLine)),
            ("JsonRpcFormatter.Format(request) (UTF-8 frame, then a string)", () => JsonRpcFormatter.Format(request)),
            ("JsonRpcFormatter.Format(reply) (UTF-8 frame, then a string)", () => JsonRpcFormatter.Format(reply)),
            ("RpcJson.Serialize([1, 2])", () => RpcJson.Serialize(args)),
            ("RpcJson.Deserialize<int>(\"3\")", () => RpcJson.Deserialize<int>("3")),
            ("UTF-8 bytes → string of the request line", () => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(RequestLine))),
            ("linked CancellationTokenSource + CancelAfter(32 s)", LinkedDeadline),
        };

        var text = new StringBuilder();
        text.AppendLine("| piece (one message, one thread) | ns/op | bytes/op |");
        text.AppendLine("|---|---:|---:|");
        // Every piece warm before any is timed, with a pause for the JIT's tier-up in between.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (_, run) in pieces)
            {
                for (var i = 0; i < 2000; i++)
                {
                    run();
                }
            }

            Thread.Sleep(250);
        }

        foreach (var (name, run) in pieces)
        {

            // The fastest of five batches: on a shared machine the slow ones measure the neighbours.
            var nanoseconds = double.MaxValue;
            var bytes = 0.0;
            for (var batch = 0; batch < Batches; batch++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                var runs = 0;
                while (runs < MaxRuns && watch.Elapsed < MaxTime)
                {
                    run();
                    runs++;
                }

                nanoseconds = Math.Min(nanoseconds, watch.Elapsed.TotalNanoseconds / runs);
                bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)runs;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {nanoseconds:N0} | {bytes:N0} |");
        }

        return text.ToString();
    }

    private static object? LinkedDeadline()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None);
        deadline.CancelAfter(TimeSpan.FromSeconds(32));
        return null;
    }
}
