using System.Runtime.InteropServices;

namespace SimpleRpc.Server.Modules;

/// <summary>
/// Gives the C allocator's free pages back to the system. A compile frees what the JIT and the
/// runtime allocated for it natively, but glibc keeps freed pages inside its per-thread arenas
/// for reuse, so without a trim every registration left the server's resident memory higher
/// (bench/README.md, "Module churn"). The registry trims after each registration and after the
/// start-up restore: never on a call's path.
/// </summary>
/// <remarks>Thread-safe (glibc locks each arena while it trims it). Costs a few milliseconds.</remarks>
internal static class NativeHeap
{
    private static long _trims;

    /// <summary>How many times <see cref="Trim"/> asked glibc to trim, for tests.</summary>
    public static long Trims => Interlocked.Read(ref _trims);

    /// <summary>
    /// Calls glibc's <c>malloc_trim(0)</c>: free pages at the top of each arena are unmapped and
    /// free whole pages inside them are returned with <c>madvise</c>.
    /// </summary>
    /// <returns>True when memory was given back; false when there was none, off Linux, or without glibc (musl has no <c>malloc_trim</c>).</returns>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            Interlocked.Increment(ref _trims);
            return Libc.MallocTrim(0) != 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static class Libc
    {
        [DllImport("libc", EntryPoint = "malloc_trim")]
        public static extern int MallocTrim(nuint pad);
    }
}
