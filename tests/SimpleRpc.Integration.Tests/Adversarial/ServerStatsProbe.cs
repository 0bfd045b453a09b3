using System.Diagnostics;
using System.Globalization;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>Reads the server console's <c>stats</c> line: the event a test waits for is "N calls are running".</summary>
public static class ServerStatsProbe
{
    /// <summary>Asks <c>stats</c> until exactly <paramref name="calls"/> calls run on serving modules; fails after a minute.</summary>
    public static async Task WaitForCallsAsync(Cluster cluster, int calls)
    {
        var watch = Stopwatch.StartNew();
        string last = "(none)";
        while (watch.Elapsed < Cluster.StepTimeout)
        {
            var mark = cluster.Server.LineCount;
            cluster.Server.Send("stats");
            var line = await cluster.Server.WaitForLineAsync(@"^stats: .*calls=(\d+)", Cluster.StepTimeout, mark);
            last = line.Value;
            if (int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) == calls)
            {
                return;
            }
        }

        Assert.Fail($"the server never ran exactly {calls} calls within {Cluster.StepTimeout.TotalSeconds:0} s; last: {last}");
    }
}
