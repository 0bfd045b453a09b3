using System.Diagnostics;
using System.Globalization;

namespace SimpleRpc.ClientStub.Console;

/// <summary>
/// A snapshot of the stub's own memory for its console's <c>stats</c>: the bytes it has allocated
/// since it started (<c>bench/CallPath</c> reads it before and after a phase for bytes per call),
/// the managed heap and the working set.
/// </summary>
public sealed record StubStats(long AllocatedBytes, long ManagedBytes, long WorkingSetBytes)
{
    /// <summary>Reads the figures without forcing a collection, so typing <c>stats</c> does not disturb calls in flight.</summary>
    public static StubStats Capture()
    {
        // Read first, so the snapshot's own allocations fall after it (the same for every capture).
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        using var process = Process.GetCurrentProcess();
        return new StubStats(allocated, GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    /// <summary>One line, for the console and for scripts: <c>stats: allocatedBytes=123456789 managedMB=12.3 workingSetMB=95.1</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"stats: allocatedBytes={AllocatedBytes} managedMB={ManagedBytes / 1048576.0:0.0} workingSetMB={WorkingSetBytes / 1048576.0:0.0}");
}
