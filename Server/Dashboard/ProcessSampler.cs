using System.Diagnostics;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// Reads a process's resident memory and its CPU use since the previous sample of the same process
/// (percent of one core), for the fleet page's workers and server.
/// </summary>
/// <remarks>Thread-safe. Forgets processes it has not sampled for a minute.</remarks>
public sealed class ProcessSampler
{
    private readonly Dictionary<int, (TimeSpan Cpu, long At)> _last = [];

    /// <summary>The process's resident memory in MB and CPU percent (null on the first sample); null when it is gone.</summary>
    public (long ResidentMB, double? CpuPercent)? Sample(int processId)
    {
        TimeSpan cpu;
        long resident;
        try
        {
            using var process = Process.GetProcessById(processId);
            cpu = process.TotalProcessorTime;
            resident = process.WorkingSet64 >> 20;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }

        var now = Environment.TickCount64;
        double? percent = null;
        lock (_last)
        {
            if (_last.TryGetValue(processId, out var last) && now > last.At)
            {
                percent = Math.Round(Math.Max(0, (cpu - last.Cpu).TotalMilliseconds) * 100 / (now - last.At), 1);
            }

            _last[processId] = (cpu, now);
            foreach (var stale in _last.Where(p => now - p.Value.At > 60_000).Select(p => p.Key).ToList())
            {
                _last.Remove(stale);
            }
        }

        return (resident, percent);
    }
}
