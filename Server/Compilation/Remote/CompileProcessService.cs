using System.Diagnostics;
using Serilog;
using SimpleRpc.Rpc;

namespace SimpleRpc.Server.Compilation.Remote;

/// <summary>
/// <c>compileIsolation: process</c>: compiles every module in a compile process (<see cref="CompileProgram"/>)
/// started from the server's own executable, so Roslyn's JIT code and heaps never grow the server.
/// The process is replaced after <c>compileRecycleAfter</c> compiles (a warmed one starts at once),
/// stopped after <c>compileIdleSeconds</c> without a compile, and killed when a compile passes
/// <c>compileTimeoutSeconds</c> or is cancelled; a process that dies refuses the compile it was running
/// (<see cref="ModuleDiagnosticIds.CompileProcessLost"/>) and the next compile starts a new one.
/// </summary>
/// <remarks>
/// Thread-safe. Compiles run one at a time, in the order they ask (the registry already runs one
/// registration at a time; a restore compiles its modules one after another).
/// </remarks>
public sealed partial class CompileProcessService : IModuleCompileService
{
    // The compile process's own deadline comes this much after the server's, which kills it first.
    private static readonly TimeSpan Backstop = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly ModuleCompiler _local;
    private readonly CompileSetup _setup;
    private readonly int _recycleAfter;
    private readonly TimeSpan _idleAfter;
    private readonly string _logLevel;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Timer _idleTimer;
    private CompileProcess? _current;
    private long _lastUsed = Environment.TickCount64;
    private bool _disposed;

    /// <summary>Creates the service; the first compile (or <see cref="WarmAsync"/>) starts the compile process.</summary>
    /// <param name="local">The server's compiler: never compiles here, it gives the deadline, the policy's fingerprint and the timed-out result.</param>
    /// <param name="bannedApis">The conf's <c>bannedApis</c>, as <paramref name="local"/> was made from them.</param>
    /// <param name="recycleAfter">Compiles per process (<c>compileRecycleAfter</c>), at least 1.</param>
    /// <param name="idleAfter">How long a process may wait for a compile before it is stopped (<c>compileIdleSeconds</c>); zero: never.</param>
    /// <param name="logLevel">The compile process's minimum log level.</param>
    /// <param name="log">Where compiles and the process's life are logged.</param>
    public CompileProcessService(ModuleCompiler local, IReadOnlyList<string>? bannedApis, int recycleAfter, TimeSpan idleAfter, string logLevel, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentOutOfRangeException.ThrowIfLessThan(recycleAfter, 1);
        _local = local;
        _setup = new CompileSetup(bannedApis, (local.Timeout + Backstop).TotalSeconds);
        _recycleAfter = recycleAfter;
        _idleAfter = idleAfter;
        _logLevel = logLevel;
        _log = log;
        _idleTimer = new Timer(_ => StopIfIdle(), null, System.Threading.Timeout.Infinite, System.Threading.Timeout.Infinite);
    }

    /// <inheritdoc/>
    public TimeSpan Timeout => _local.Timeout;

    /// <inheritdoc/>
    public string PolicyVersion => _local.PolicyVersion;

    /// <summary>The managed heap limit of each compile process in MiB (<c>compileMemoryLimitMB</c>); 0: none. Default 1024.</summary>
    public int MemoryLimitMB { get; init; } = 1024;

    /// <summary>The compile process's id, or null while none runs.</summary>
    public int? ProcessId => Volatile.Read(ref _current)?.ProcessId;

    /// <inheritdoc/>
    public async Task<CompileResult> CompileAsync(string moduleName, string source, int version, string checksum, ModuleBaseline? baseline, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
            if (TryCurrent(moduleName, version) is not { } process)
            {
                return Refused(moduleName, "The server could not start its compile process; the module is refused. Try again later, and tell the server's operator (the server's log says why).");
            }

            process.Compiles++;
            var started = Stopwatch.GetTimestamp();
            var request = new CompileRequest(_setup, moduleName, source, version, checksum, baseline);
            var reply = process.Connection.InvokeAsync<CompileReply>(CompileMethods.Compile, request, CancellationToken.None);

            // A reply given up on (deadline, cancel) fails when its process is killed: observed here.
            _ = reply.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            CompileResult result;
            try
            {
                result = (await reply.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false))?.ToResult()
                    ?? throw new RpcException(Protocol.RpcErrorCodes.InternalError, "The compile process replied with nothing.");
            }
            catch (TimeoutException)
            {
                _log.Warning(
                    "Compile of {ModuleName} v{ModuleVersion} was stopped after {ElapsedMs} ms: it passed its deadline of {Seconds} s (compileTimeoutSeconds); compile process {ProcessId} is killed",
                    moduleName,
                    version,
                    ElapsedMs(started),
                    Timeout.TotalSeconds,
                    process.ProcessId);
                Retire(process, "a compile passed its deadline (compileTimeoutSeconds)");
                return _local.TimedOutResult(moduleName);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Retire(process, "the compile it was running was cancelled");
                throw;
            }
            catch (RpcException ex)
            {
                return Lost(process, moduleName, version, ex);
            }

            LogOutcome(moduleName, version, result, started, process.ProcessId);
            if (process.Compiles >= _recycleAfter)
            {
                Recycle(process);
            }

            return result;
        }
        finally
        {
            Touch();
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task WarmAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _disposed))
            {
                return;
            }

            if (TryCurrent("warmup", 0) is not { } process)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                // Two small compiles in a fresh process; a slow machine only delays readiness this long.
                var warm = process.Connection.InvokeAsync<bool>(CompileMethods.Warm, _setup, CancellationToken.None);
                _ = warm.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                await warm.WaitAsync(Timeout + Timeout, cancellationToken).ConfigureAwait(false);
                _log.Debug("Warmed compile process {ProcessId} in {ElapsedMs} ms", process.ProcessId, ElapsedMs(started));
            }
            catch (Exception ex) when (ex is TimeoutException or RpcException)
            {
                _log.Warning("Compile process {ProcessId} did not warm up within {ElapsedMs} ms ({Reason}); the first upload may take longer", process.ProcessId, ElapsedMs(started), ex.Message);
            }
        }
        finally
        {
            Touch();
            _gate.Release();
        }
    }

    /// <summary>Stops the compile process; compiles after this throw <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _idleTimer.DisposeAsync().ConfigureAwait(false);
        Volatile.Write(ref _disposed, true);
        var process = Interlocked.Exchange(ref _current, null);
        if (process is not null)
        {
            await process.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
    }
}
