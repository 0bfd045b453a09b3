using System.Runtime.InteropServices;

namespace SimpleRpc.Server.Isolation;

/// <summary><c>poll</c> on one pipe descriptor: the worker links' wait for room to write, and their look for bytes to read.</summary>
internal static class PipePoll
{
    /// <summary>POLLIN: bytes to read (or the writer closed its end).</summary>
    public const short In = 0x1;

    /// <summary>POLLOUT: room to write.</summary>
    public const short Out = 0x4;

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (0: only looks) for <paramref name="events"/> on
    /// <paramref name="fd"/>: above 0 when ready or in error (the read or write that follows says
    /// which), 0 when the time passed, below 0 when poll failed (the error in <see cref="Marshal.GetLastPInvokeError"/>).
    /// </summary>
    public static int Poll(int fd, short events, int timeoutMs)
    {
        var descriptor = new PollDescriptor { Fd = fd, Events = events };
        return Native.Poll(ref descriptor, 1, timeoutMs);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
        public static extern int Poll(ref PollDescriptor descriptors, nuint count, int timeoutMs);
    }
}
