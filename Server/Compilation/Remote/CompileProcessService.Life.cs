using System.Diagnostics;
using System.Globalization;

namespace SimpleRpc.Server.Compilation.Remote;

// The compile process's life: started on demand, recycled, stopped when idle, killed or lost.
public sealed partial class CompileProcessService
{
    // Under _gate: the running process, or a new one.
    private CompileProcess Current()
    {
        if (Volatile.Read(ref _current) is { } current && !current.Ended.IsCompleted && !current.Connection.IsClosed)
        {
            return current;
        }

        var started = CompileProcess.Start(_logLevel, MemoryLimitMB, _log);
        Volatile.Write(ref _current, started);
        return started;
    }

    // Under _gate: the running process or a new one, or null (logged) when none could be started.
    private CompileProcess? TryCurrent(string moduleName, int version)
    {
        try
        {
            return Current();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            _log.Error(ex, "Could not start a compile process for {ModuleName} v{ModuleVersion}; the module is refused", moduleName, version);
            return null;
        }
    }

    // Under _gate: a process that is killed takes no compile again.
    private void Retire(CompileProcess process, string reason)
    {
        Interlocked.CompareExchange(ref _current, null, process);
        process.Kill(reason);
    }

    // Under _gate: the process has run its share; a new one starts and warms up now, so the next
    // compile does not pay the cold start (it waits for the warm-up at worst).
    private void Recycle(CompileProcess process)
    {
        _log.Information("Recycling compile process {ProcessId} after {Compiles} compiles (compileRecycleAfter)", process.ProcessId, process.Compiles);
        Interlocked.CompareExchange(ref _current, null, process);
        _ = process.StopAsync(StopGrace);
        if (TryCurrent("warmup", 0) is { } next)
        {
            _ = WarmQuietlyAsync(next);
        }
    }

    private async Task WarmQuietlyAsync(CompileProcess process)
    {
        try
        {
            await process.Connection.InvokeAsync<bool>(CompileMethods.Warm, _setup, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Rpc.RpcException ex)
        {
            // The next compile finds the process gone and starts another.
            _log.Debug("Compile process {ProcessId} did not warm up: {Reason}", process.ProcessId, ex.Message);
        }
    }

    // Under _gate: the process died (a crash, a kill from outside) or answered with an error.
    private CompileResult Lost(CompileProcess process, string moduleName, int version, Rpc.RpcException error)
    {
        var died = process.Connection.IsClosed || process.Ended.IsCompleted;
        if (died)
        {
            _log.Error(
                "Compile process {ProcessId} ended during the compile of {ModuleName} v{ModuleVersion} ({Reason}); the module is refused, and the next compile starts a new compile process",
                process.ProcessId,
                moduleName,
                version,
                error.Message);
        }
        else
        {
            _log.Error(
                "Compile process {ProcessId} failed the compile of {ModuleName} v{ModuleVersion} ({Reason}); the module is refused, and the next compile starts a new compile process",
                process.ProcessId,
                moduleName,
                version,
                error.Message);
        }

        Retire(process, died ? "it ended" : "it failed a compile");
        return Refused(moduleName, string.Create(
            CultureInfo.InvariantCulture,
            $"The server's compile process {(died ? "ended" : "failed")} while compiling the module ({error.Message}); the module is refused. Upload it again; if this happens every time, something in the module makes the compiler crash."));
    }

    private static CompileResult Refused(string moduleName, string message) =>
        new(false, null, [new CompileDiagnostic(ModuleDiagnosticIds.CompileProcessLost, CompileDiagnostic.Error, moduleName + ".cs", 1, 1, message)], null, []);

    private void LogOutcome(string moduleName, int version, CompileResult result, long started, int processId)
    {
        if (result.Success)
        {
            _log.Information("Compiled {ModuleName} v{ModuleVersion} in {ElapsedMs} ms (compile process {ProcessId})", moduleName, version, ElapsedMs(started), processId);
        }
        else
        {
            _log.Warning(
                "Compile of {ModuleName} v{ModuleVersion} failed with {ErrorCount} errors in {ElapsedMs} ms (compile process {ProcessId})",
                moduleName,
                version,
                result.Errors.Count(),
                ElapsedMs(started),
                processId);
        }
    }

    // Under _gate, at the end of a compile or warm-up: the idle clock starts again.
    private void Touch()
    {
        Volatile.Write(ref _lastUsed, Environment.TickCount64);
        if (_idleAfter > TimeSpan.Zero && !Volatile.Read(ref _disposed))
        {
            try
            {
                _idleTimer.Change(_idleAfter, System.Threading.Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile.
            }
        }
    }

    private void StopIfIdle()
    {
        // A compile that runs now re-arms the timer when it ends.
        if (!_gate.Wait(0))
        {
            return;
        }

        try
        {
            var idleMs = Environment.TickCount64 - Volatile.Read(ref _lastUsed);
            if (idleMs >= (long)_idleAfter.TotalMilliseconds && Interlocked.Exchange(ref _current, null) is { } process)
            {
                _log.Information("Stopping compile process {ProcessId}: no compile for {Seconds} s (compileIdleSeconds)", process.ProcessId, _idleAfter.TotalSeconds);
                _ = process.StopAsync(StopGrace);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
