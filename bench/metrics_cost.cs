#:project ../Shared/Shared.csproj
#:property OutputType=Exe
#:property PublishAot=false

// What metrics and tracing cost per call, with nothing listening and with a listener: the work
// the server's call path does around each module call (ServerMetrics.CallStarted/CallEnded, which
// is MethodTags.RecordCall on a counter and a histogram, and ServerTracing.StartCall/EndCall,
// which is RpcTracing), the stub's the same shape. Run it by hand:
//   dotnet run -c Release bench/metrics_cost.cs            (about 10 s of CPU)
//   dotnet run -c Release bench/metrics_cost.cs -- 3 20    (rounds, millions of calls per round)
// It prints ns per call for each case (median of the rounds) and nothing else; bench/README.md
// says what the figures mean against a call's cost.
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SimpleRpc.Diagnostics;
using SimpleRpc.Protocol;

var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var calls = (args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10) * 1_000_000;

using var meter = new Meter("SimpleRpc.Bench.MetricsCost");
var counter = meter.CreateCounter<long>("simplerpc.calls");
var duration = meter.CreateHistogram<double>("simplerpc.call.duration", "s", null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MethodTags.CallDurationBuckets });
using var source = new ActivitySource("SimpleRpc.Bench.MetricsCost");
string[] methods = ["z.Add", "z.Greet", "z.Divide", "z.Sum"];
var error = new RpcError(RpcErrorCodes.ModuleThrew, "boom");

// The same code as the server's, inlined here: the call path checks Enabled before it takes a timestamp.
long Call(int i)
{
    var method = methods[i & 3];
    var started = counter.Enabled || duration.Enabled ? Stopwatch.GetTimestamp() : 0;
    using var activity = RpcTracing.StartCall(source, method, ActivityKind.Server);
    var reply = (i & 63) == 0 ? error : null;
    MethodTags.RecordCall(counter, duration, method, reply, started);
    RpcTracing.EndCall(activity, reply);
    return started;
}

long Nothing(int i) => methods[i & 3].Length;

double Measure(Func<int, long> work)
{
    var sink = 0L;
    for (var i = 0; i < 2_000_000; i++)
    {
        sink += work(i);
    }

    var watch = Stopwatch.StartNew();
    for (var i = 0; i < calls; i++)
    {
        sink += work(i);
    }

    GC.KeepAlive(sink);
    return watch.Elapsed.TotalNanoseconds / calls;
}

double Median(Func<double> run) => Enumerable.Range(0, rounds).Select(_ => run()).Order().ElementAt(rounds / 2);

Console.WriteLine($"{calls:N0} calls per round, median of {rounds} rounds, ns per call");
Console.WriteLine($"empty loop (the harness):                 {Median(() => Measure(Nothing)),6:F1}");
Console.WriteLine($"metrics + tracing, nothing listening:     {Median(() => Measure(Call)),6:F1}");

// What the dashboard does: a MeterListener on the duration histogram (CallStats), plus one on the counter.
using (var listener = new MeterListener())
{
    listener.InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter == meter)
        {
            l.EnableMeasurementEvents(instrument);
        }
    };
    listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
    listener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
    listener.Start();
    Console.WriteLine($"metrics with a MeterListener, no tracing: {Median(() => Measure(Call)),6:F1}");
}

Console.WriteLine($"nothing listening again:                  {Median(() => Measure(Call)),6:F1}");
