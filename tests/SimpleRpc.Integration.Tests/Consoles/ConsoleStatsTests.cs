using System.Globalization;
using SimpleRpc.Integration.Tests.Support;
using SimpleRpc.Walkthrough;

namespace SimpleRpc.Integration.Tests.Consoles;

/// <summary>`stats` typed into a real server's and stub's console: one line with the bytes each process has allocated (what bench/CallPath reads).</summary>
[TestFixture]
[NonParallelizable]
public class ConsoleStatsTests : ModuleZFixture
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Stats_AfterACall_AllocatedBytesGrowOnBothConsoles(CancellationToken cancellationToken)
    {
        var serverBefore = await AllocatedBytesAsync(Cluster.Server);
        var stubBefore = await AllocatedBytesAsync(Stub.Process);
        var mark = Stub.Process.LineCount;
        Stub.Process.Send("call z.Add(20, 22)");
        await Stub.Process.WaitForLineAsync("^z.Add = 42$", Cluster.StepTimeout, mark);
        var serverAfter = await AllocatedBytesAsync(Cluster.Server);
        var stubAfter = await AllocatedBytesAsync(Stub.Process);
        Assert.Multiple(() =>
        {
            Assert.That(serverAfter, Is.GreaterThan(serverBefore));
            Assert.That(stubAfter, Is.GreaterThan(stubBefore));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Stats_OnTheStub_PrintsAllocatedBytesAndMemory(CancellationToken cancellationToken)
    {
        var mark = Stub.Process.LineCount;
        Stub.Process.Send("stats");
        await Stub.Process.WaitForLineAsync(@"^stats: allocatedBytes=\d+ managedMB=\d+\.\d workingSetMB=\d+\.\d$", Cluster.StepTimeout, mark);
    }

    // Types `stats` and returns the allocatedBytes of the line it prints.
    private static async Task<long> AllocatedBytesAsync(ChildProcess console)
    {
        var mark = console.LineCount;
        console.Send("stats");
        var line = await console.WaitForLineAsync(@"^stats: .*\ballocatedBytes=(\d+)", Cluster.StepTimeout, mark);
        return long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
