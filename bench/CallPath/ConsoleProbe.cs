using System.Globalization;
using SimpleRpc.Walkthrough;

namespace SimpleRpc.Bench.CallPath;

/// <summary>
/// Types <c>stats</c> into a server's or stub's console and reads its <c>allocatedBytes=</c>: the
/// bytes that process has allocated since it started. Read before and after a phase, it gives
/// bytes per call in that process. The server's <c>stats</c> forces a full GC, so it is read
/// outside the timed window.
/// </summary>
internal sealed class ConsoleProbe(string label, ChildProcess console)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Which process, e.g. "stub" or "server".</summary>
    public string Label => label;

    /// <summary>The process's allocated bytes, or NaN if its console gave none in time (a build without the field, or a process that exited).</summary>
    public async Task<double> ReadAllocatedBytesAsync()
    {
        try
        {
            var mark = console.LineCount;
            console.Send("stats");

            // An older build's line without the field, or no stats command, ends the wait too.
            var line = await console.WaitForLineAsync(@"^stats: (?:.*\ballocatedBytes=(\d+))?|^Unknown command 'stats'", Timeout, mark).ConfigureAwait(false);
            return line.Groups[1].Success ? long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException)
        {
            return double.NaN;
        }
    }
}
