using System.Globalization;

namespace SimpleRpc.Server.Isolation.Host;

internal sealed partial class WorkerProcess
{
    // Enough of a worker's standard error to see what it was doing, without letting a module
    // that prints in a loop (or a long stack-overflow trace) flood the server's log.
    private const int MaxLoggedLines = 200;

    private static readonly string[] TellingStarts =
        ["Stack overflow", "Process terminated", "Unhandled exception", "Out of memory", "Fatal error", "GC heap initialization failed"];

    private string? _tellingLine;

    // Copies the worker's standard error (its log lines and whatever a module prints) into the
    // server's log, and remembers the first line that says why a process died.
    private async Task CopyStandardErrorAsync()
    {
        var logged = 0;
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (_tellingLine is null && Array.Exists(TellingStarts, s => line.StartsWith(s, StringComparison.Ordinal)))
                {
                    _tellingLine = line.Trim();
                }

                if (++logged <= MaxLoggedLines)
                {
                    _log.Information("Worker {ModuleName} ({ProcessId}): {Line}", Module, ProcessId, line);
                }
                else if (logged == MaxLoggedLines + 1)
                {
                    _log.Warning("Worker {ModuleName} ({ProcessId}) wrote more than {Count} lines; the rest is not logged", Module, ProcessId, MaxLoggedLines);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke with the process.
        }
    }

    private async Task WatchExitAsync(Task standardError)
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);

        // The last lines of standard error may still be in the pipe; they often say why.
        await Task.WhenAny(standardError, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        Connection.Close();
        var code = _process.ExitCode;
        WorkerEnd end;
        lock (_ended)
        {
            end = _killReason is not null
                ? new WorkerEnd(code, "the server stopped it: " + _killReason, _killCounts)
                : _stopping && code == 0
                    ? new WorkerEnd(code, "it stopped when asked", Abnormal: false)
                    : _stopping
                        ? new WorkerEnd(code, Crashed(code), Abnormal: false)
                        : KilledFromOutside(code) is { } outside
                            ? new WorkerEnd(code, outside, Abnormal: false) { Unexpected = true }
                            : new WorkerEnd(code, Crashed(code), Abnormal: true) { Unexpected = true };
        }

        lock (_ended)
        {
            _end = end;
        }

        LogEndOnce();
        _process.Dispose();
        _ended.TrySetResult(end);
    }

    // Once the process ended and every call sent to it came back (the link's close fails those still
    // waiting at once): one line for the end, with how many calls it cost.
    private void LogEndOnce()
    {
        WorkerEnd end;
        int lost;
        lock (_ended)
        {
            if (_end is null || _callsInFlight > 0 || _endLogged)
            {
                return;
            }

            _endLogged = true;
            end = _end;
            lost = _callsLost;
        }

        var level = end.Abnormal || end.Unexpected || lost > 0 ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Information;
        if (lost == 0)
        {
            _log.Write(level, "Worker process {ProcessId} of {ModuleName} ended: {Reason}", ProcessId, Module, end.Description);
        }
        else
        {
            _log.Write(level, "Worker process {ProcessId} of {ModuleName} ended: {Reason}; {LostCalls} calls in flight were lost (-32022)", ProcessId, Module, end.Description, lost);
        }
    }

    // A signal the module cannot send itself under the default policy (processes are banned) and
    // the runtime never raises for its own faults: an operator, a supervisor or the kernel's
    // out-of-memory killer ended the process. Not the module's fault, so not counted.
    private static string? KilledFromOutside(int code)
    {
        var signal = code switch
        {
            128 + 1 => "SIGHUP",
            128 + 9 => "SIGKILL",
            128 + 15 => "SIGTERM",
            _ => null,
        };
        return signal is null
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"it was killed from outside the server (exit code {code}, {signal}: an operator, a supervisor or the kernel's out-of-memory killer); not counted against the module");
    }

    private string Crashed(int code)
    {
        var signal = code switch
        {
            134 => " (aborted: a stack overflow, Environment.FailFast or a fatal runtime error)",
            137 => " (killed)",
            139 => " (segmentation fault)",
            _ => string.Empty,
        };
        var because = _tellingLine is null ? string.Empty : ": " + _tellingLine;
        return string.Create(CultureInfo.InvariantCulture, $"it crashed with exit code {code}{signal}{because}");
    }
}
