using System.Diagnostics;
using System.Globalization;

namespace SimpleRpc.Hosting.Shell;

/// <summary>
/// Progress as plain lines, for redirected output: <c>  uploading z: 50% (1000/2000 bytes)</c> at
/// most once a tenth, then <c>  compiling z</c>; only for an upload of at least
/// <c>largeBytes</c> or one that has run half a second, so a small module prints no progress.
/// </summary>
internal sealed class PlainTransferProgress(Action<string> write, string label, long largeBytes) : ITransferProgress
{
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(500);

    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private long _lastTenth;
    private bool _printed;

    public void Report(long sent, long total)
    {
        var tenth = sent * 10 / Math.Max(1, total);
        if ((total >= largeBytes || _watch.Elapsed > Slow) && tenth > _lastTenth)
        {
            _lastTenth = tenth;
            _printed = true;
            write(string.Create(CultureInfo.InvariantCulture, $"  uploading {label}: {tenth * 10}% ({sent}/{total} bytes)"));
        }
    }

    public void Compiling()
    {
        if (_printed)
        {
            write($"  compiling {label}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
