using System.Globalization;

namespace SimpleRpc.Bench.CallPath;

/// <summary>The command line: every loop's count and time bound, and what to run.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/CallPath -- [options]

        Measures SimpleRpc's call path against raw TCP and StreamJsonRpc in the same run: latency, then
        calls/s with 1 connection × 64 in flight (CPU, threads woken and allocations per call measured
        here), then with 8 connections × 16 in flight (not for the 1 KB rows 2e, 4e, 5e, 5me).
          --configuration <Release|Debug>  Server/ClientStub build to start (default: Release if built, else Debug)
          --latency-calls <n>              sequential calls for p50/p90/p99 (default 5000)
          --seconds <s>                    time cap of the latency phase and length of each throughput phase (default 3)
          --in-flight <n>                  calls in flight on the one connection of the first throughput phase (default 64)
          --warmup-calls <n>               sequential warm-up calls per path (default 2000, at most 1 s, then 1 s each with 1×64 and 8×16)
          --warmup-seconds <s>             the warm-up's time per phase instead of 1 s (the server's JIT needs ~8 s of load to settle)
          --rounds <n>                     measure every path n times in alternating order, report medians (default 1)
          --only <keys>                    comma-separated scenario keys, e.g. 2,4,5,4e,5e (default: all)
          --isolation <process|inProcess>  where the server runs z (default process: a worker process per module)
          --server-read-spin <µs>          the server's readSpinMicroseconds (default: its own, 50 with process isolation, 0 inProcess)
          --stub-read-spin <µs>            the stub's readSpinMicroseconds (default: its own, 50)
          --app-read-spin <µs>             the bench's RpcClient.ReadSpin (default: RpcClient's own, 50)
          --verbose                        echo every line the server and the stub print
          --help                           this text
        """;

    public string? Configuration { get; private set; }

    public int LatencyCalls { get; private set; } = 5000;

    public TimeSpan PhaseTime { get; private set; } = TimeSpan.FromSeconds(3);

    public int InFlight { get; private set; } = 64;

    /// <summary>Connections of the wide throughput shape, each its own client and socket.</summary>
    public int WideConnections { get; } = 8;

    /// <summary>Calls in flight on each connection of the wide shape.</summary>
    public int WideInFlight { get; } = 16;

    public int WarmupCalls { get; private set; } = 2000;

    public int Rounds { get; private set; } = 1;

    /// <summary>Each path's warm-up round: this long sequential, then this long in flight; it gets a quarter of that again before it is measured.</summary>
    public TimeSpan WarmupTime { get; private set; } = TimeSpan.FromSeconds(1);

    /// <summary>A count bound for the throughput phase on top of its time bound.</summary>
    public long MaxThroughputCalls { get; } = 5_000_000;

    public IReadOnlySet<string>? Only { get; private set; }

    public bool Verbose { get; private set; }

    public string Isolation { get; private set; } = "process";

    public bool Help { get; private set; }

    /// <summary>The server's <c>readSpinMicroseconds</c>; null leaves the conf's.</summary>
    public int? ServerReadSpin { get; private set; }

    /// <summary>The app side's <c>RpcClient.ReadSpin</c>, in microseconds; null leaves RpcClient's default.</summary>
    public int? AppReadSpin { get; private set; }

    /// <summary>The stub's <c>readSpinMicroseconds</c>; null leaves the conf's.</summary>
    public int? StubReadSpin { get; private set; }

    public bool Includes(string key) => Only is null || Only.Contains(key);

    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Positive() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{args[i - 1]} needs a positive whole number.");
            int Micros() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1000 ? n : throw new ArgumentException($"{args[i - 1]} needs microseconds, 0 to 1000.");
            switch (args[i])
            {
                case "--isolation":
                    options.Isolation = Value() is var mode && mode is "process" or "inProcess" ? mode : throw new ArgumentException("--isolation is process or inProcess.");
                    break;
                case "--configuration" or "-c":
                    options.Configuration = Value() is var c && c is "Release" or "Debug" ? c : throw new ArgumentException("--configuration is Release or Debug.");
                    break;
                case "--latency-calls":
                    options.LatencyCalls = Positive();
                    break;
                case "--seconds":
                    options.PhaseTime = TimeSpan.FromSeconds(Math.Min(Positive(), 30));
                    break;
                case "--in-flight":
                    options.InFlight = Math.Min(Positive(), 512);
                    break;
                case "--warmup-seconds":
                    options.WarmupTime = TimeSpan.FromSeconds(Math.Min(Positive(), 30));
                    break;
                case "--warmup-calls":
                    options.WarmupCalls = Positive();
                    break;
                case "--rounds":
                    options.Rounds = Math.Min(Positive(), 9);
                    break;
                case "--only":
                    options.Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    break;
                case "--server-read-spin":
                    options.ServerReadSpin = Micros();
                    break;
                case "--stub-read-spin":
                    options.StubReadSpin = Micros();
                    break;
                case "--app-read-spin":
                    options.AppReadSpin = Micros();
                    break;
                case "--verbose":
                    options.Verbose = true;
                    break;
                case "--help" or "-h":
                    options.Help = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        return options;
    }
}
