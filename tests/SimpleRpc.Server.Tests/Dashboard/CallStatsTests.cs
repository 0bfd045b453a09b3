using System.Diagnostics;
using SimpleRpc.Protocol;
using SimpleRpc.Server.Dashboard;
using SimpleRpc.Server.Diagnostics;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Dashboard;

public class CallStatsTests
{
    [Test]
    [CancelAfter(10_000)]
    public void Functions_CallsRecordedThroughTheServerMeter_CountedPerFunctionWithErrorRate()
    {
        var clock = new ManualUtcClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        using var stats = new CallStats(clock);

        // A module name no other test uses: the meter is process-wide and tests run side by side.
        var started = Stopwatch.GetTimestamp();
        ServerMetrics.CallEnded("statsprobe.Add", null, started);
        ServerMetrics.CallEnded("statsprobe.Add", null, started);
        ServerMetrics.CallEnded("statsprobe.Add", null, started);
        ServerMetrics.CallEnded("statsprobe.Add", new RpcError(RpcErrorCodes.ModuleThrew, "boom"), started);
        Assert.That(stats.Functions().Single(f => f.Module == "statsprobe").CallsLastMinute, Is.Zero, "only whole seconds count");

        clock.Now += TimeSpan.FromSeconds(1);
        var add = stats.Functions().Single(f => f.Module == "statsprobe" && f.Function == "Add");
        Assert.Multiple(() =>
        {
            Assert.That(add.CallsLastMinute, Is.EqualTo(4));
            Assert.That(add.CallsPerSecond, Is.EqualTo(0.4), "4 calls over the last 10 s");
            Assert.That(add.ErrorRate, Is.EqualTo(0.25));
            Assert.That(add.P50Ms, Is.Not.Null.And.GreaterThanOrEqualTo(0));
            Assert.That(add.P99Ms, Is.GreaterThanOrEqualTo(add.P50Ms!.Value));
            Assert.That(stats.Chart().Calls[^1], Is.GreaterThanOrEqualTo(4), "the server's series has them too");
        });

        clock.Now += TimeSpan.FromMinutes(2);
        Assert.That(stats.Functions().Single(f => f.Module == "statsprobe").CallsLastMinute, Is.Zero, "a minute later they have left the window");
    }

    [Test]
    [CancelAfter(10_000)]
    public void Quantile_CallsInOneBucket_InterpolatesWithinIt()
    {
        // Bucket 3 is (0.0005, 0.001]: four calls there, so the median is half way through it.
        var histogram = new int[SimpleRpc.Diagnostics.MethodTags.CallDurationBuckets.Length + 1];
        histogram[3] = 4;
        Assert.That(CallSeries.Quantile(histogram, 4, 0.5), Is.EqualTo(0.00075).Within(1e-9));
        Assert.That(CallSeries.Quantile(histogram, 0, 0.5), Is.Null);
    }
}
