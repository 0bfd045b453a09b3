using System.Runtime.InteropServices;

namespace SimpleRpc.Integration.Tests.Hosting;

/// <summary>
/// Sends POSIX signals to a process the test started, by its id (on Linux
/// <see cref="System.Diagnostics.Process.Kill()"/> sends SIGKILL, which no program can handle).
/// </summary>
internal static partial class Signals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to <paramref name="processId"/>, as systemd, Docker and <c>kill</c> do to stop a service.</summary>
    public static void Terminate(int processId)
    {
        Assert.That(OperatingSystem.IsWindows(), Is.False, "SIGTERM exists on Unix only");
        Assert.That(Kill(processId, SigTerm), Is.Zero, $"kill({processId}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
