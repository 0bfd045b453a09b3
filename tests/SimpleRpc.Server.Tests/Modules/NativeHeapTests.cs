using System.Runtime.InteropServices;
using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Modules;

/// <summary>
/// <see cref="NativeHeap"/> gives freed C-heap pages back, and the registry asks it to after every
/// registration (the module churn's resident memory, bench/README.md).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NativeHeapTests
{
    private const int Timeout = 60_000;
    private const int BlockBytes = 16 * 1024;
    private const int Blocks = 2048;

    [Test, CancelAfter(Timeout)]
    public void Trim_FreedPagesInsideTheHeap_GivesThemBackToTheSystem()
    {
        Assume.That(OperatingSystem.IsLinux(), "malloc_trim is glibc's");
        long before = 0;
        long after = 0;

        // On one thread, so the blocks share one arena. The last block stays allocated: it keeps the
        // 32 MB of freed blocks below it off the top of the heap, where free() alone would not trim.
        var thread = new Thread(() =>
        {
            var blocks = AllocateTouched();
            for (var i = 0; i < blocks.Length - 1; i++)
            {
                Marshal.FreeHGlobal(blocks[i]);
            }

            before = ResidentAnonymousKb();
            NativeHeap.Trim();
            after = ResidentAnonymousKb();
            Marshal.FreeHGlobal(blocks[^1]);
        });
        thread.Start();
        thread.Join();

        Assert.That(before - after, Is.GreaterThan(Blocks * BlockBytes / 1024 / 2), $"resident anonymous memory {before} kB before the trim, {after} kB after");
    }

    [Test, CancelAfter(Timeout)]
    public async Task RegisterAsync_PublishedOrRefused_TrimsTheNativeHeap(CancellationToken cancellationToken)
    {
        Assume.That(OperatingSystem.IsLinux(), "malloc_trim is glibc's");
        var host = new ModuleHost();

        var trims = NativeHeap.Trims;
        var published = await host.Registry.RegisterAsync("t", "public static class T { public static int One() => 1; }", "01", "test", cancellationToken);
        Assert.That(published.Success, Is.True, () => string.Join("\n", published.Diagnostics));
        Assert.That(NativeHeap.Trims, Is.GreaterThan(trims));

        trims = NativeHeap.Trims;
        var refused = await host.Registry.RegisterAsync("t", "public static class T { public static int One() => }", "02", "test", cancellationToken);
        Assert.That(refused.Success, Is.False);
        Assert.That(NativeHeap.Trims, Is.GreaterThan(trims));
    }

    // Marshal.AllocHGlobal is malloc on Linux; writing every byte makes the pages resident.
    private static nint[] AllocateTouched()
    {
        var ones = Enumerable.Repeat((byte)1, BlockBytes).ToArray();
        var blocks = new nint[Blocks];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes);
            Marshal.Copy(ones, 0, blocks[i], BlockBytes);
        }

        return blocks;
    }

    private static long ResidentAnonymousKb() => long.Parse(
        File.ReadLines("/proc/self/status").First(l => l.StartsWith("RssAnon:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
        System.Globalization.CultureInfo.InvariantCulture);
}
