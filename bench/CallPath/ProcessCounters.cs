using System.Diagnostics;
using System.Globalization;

namespace SimpleRpc.Bench.CallPath;

/// <summary>What a process has used so far, read before and after a phase: CPU time and threads woken.</summary>
internal static class ProcessCounters
{
    private const string VoluntarySwitches = "voluntary_ctxt_switches:";

    public static TimeSpan CpuTime(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// Voluntary context switches of all the process's threads (Linux): each is a thread that
    /// blocked and had to be woken, the cost of a hand-off between threads. -1 where unknown.
    /// </summary>
    public static long ContextSwitches(int pid)
    {
        try
        {
            long total = 0;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith(VoluntarySwitches, StringComparison.Ordinal))
                        {
                            total += long.Parse(line.AsSpan(VoluntarySwitches.Length).Trim(), CultureInfo.InvariantCulture);
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A thread that ended while we looked.
                }
            }

            return total;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
