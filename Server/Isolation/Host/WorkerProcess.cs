using System.Diagnostics;
using System.Globalization;
using Serilog;
using SimpleRpc.Hosting.Logging;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Isolation.Host;

/// <summary>
/// One running worker process, seen from the server: the child process, the JSON-RPC link over
/// its standard input and output, its standard error copied into the server's log, and how it
/// ended. The server kills it (the whole process tree) when a call will not stop.
/// </summary>
/// <remarks>Thread-safe. <see cref="Ended"/> completes once, after the process has exited.</remarks>
internal sealed partial class WorkerProcess
{
    private readonly Process _process;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly TaskCompletionSource<WorkerEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _loadedVersions = new(StringComparer.Ordinal);
    private string? _killReason;
    private bool _killCounts;
    private bool _stopping;
    private int _callsInFlight;
    private int _callsLost;
    private WorkerEnd? _end;
    private bool _endLogged;
    private string? _recycleReason;
    private string? _recycleKind;

    private WorkerProcess(string module, Process process, TimeSpan readSpin, ILogger log)
    {
        _module = module;
        _process = process;
        ProcessId = process.Id;
        _log = log;
        _endHandled = _ended.Task;
        var options = new JsonRpcConnectionOptions { MaxFrameBytes = WorkerLink.MaxFrameBytes, MaxPendingRequests = int.MaxValue, MaxQueuedBytes = 1L << 30, DedicatedReadThreads = ServerHost.ReaderThreads, ReadSpin = readSpin };
        var input = process.StandardInput.BaseStream;
        var output = process.StandardOutput.BaseStream;
        var link = new DuplexStream(output, (Stream?)PipeWriteStream.TryCreate(input) ?? input, inputHandle: (output as System.IO.Pipes.PipeStream)?.SafePipeHandle);
        Connection = new JsonRpcConnection(link, options, log.ForExtensions<JsonRpcConnection>(), $"worker {module} ({process.Id})")
        {
            RequestHandler = OnWorkerMessageAsync,
        };
    }

    private volatile string _module;
    private volatile Task _endHandled;

    /// <summary>The module this worker serves, or with <c>workerSharing: publisher</c> its group (<c>publisher:&lt;client&gt;</c>); <c>spare</c> until a module takes it.</summary>
    public string Module => _module;

    /// <summary>The operating system's process id.</summary>
    public int ProcessId { get; }

    /// <summary>When the process was started (<see cref="Environment.TickCount64"/>).</summary>
    public long StartedAt { get; } = Environment.TickCount64;

    /// <summary>The link to the worker.</summary>
    public JsonRpcConnection Connection { get; }

    /// <summary>Completes after the process exited, with how it ended.</summary>
    public Task<WorkerEnd> Ended => _ended.Task;

    /// <summary>True once the worker was told to stop or killed, or its link closed: send it nothing new.</summary>
    public bool IsEnding
    {
        get
        {
            lock (_ended)
            {
                return _killReason is not null || _stopping || _recycleReason is not null || _ended.Task.IsCompleted || Connection.IsClosed;
            }
        }
    }

    /// <summary>
    /// True while the worker's end may count towards <c>workerMaxCrashes</c>: the server killed it
    /// for a fault of its module (<see cref="Kill"/> with <c>counts</c>), or its link closed with
    /// no stop or recycle asked for (a crash, until its exit code says whose fault it was).
    /// </summary>
    public bool EndMayCount
    {
        get
        {
            lock (_ended)
            {
                return _killReason is not null ? _killCounts : !_stopping && _recycleReason is null && Connection.IsClosed;
            }
        }
    }

    /// <summary>
    /// Completes once the owner has handled the end (<see cref="OnEnd"/>: counted it, maybe marked
    /// the module failed); until an owner is set, when the process has ended.
    /// </summary>
    public Task EndHandled => _endHandled;

    /// <summary>Runs <paramref name="handler"/> when the process has ended; <see cref="EndHandled"/> completes after it.</summary>
    public void OnEnd(Action<WorkerEnd> handler) =>
        _endHandled = Ended.ContinueWith(t => handler(t.Result), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The version of <paramref name="module"/> the worker serves now (0 before its first load).</summary>
    public int LoadedVersionOf(string module) => _loadedVersions.TryGetValue(module, out var version) ? version : 0;

    /// <summary>The modules this worker has loaded.</summary>
    public ICollection<string> LoadedModules => _loadedVersions.Keys;

    /// <summary>Starts a worker for <paramref name="module"/> (a module's name or a group's key), or a spare when it is null.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The process could not be started.</exception>
    public static WorkerProcess Start(string? module, WorkerSettings settings, ILogger log)
    {
        var (fileName, arguments) = WorkerSettings.WorkerCommand();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(module ?? WorkerLink.Spare);
        start.ArgumentList.Add(settings.LogLevel);
        start.ArgumentList.Add(((long)settings.ReadSpin.TotalMicroseconds).ToString(CultureInfo.InvariantCulture));

        // The GC throws OutOfMemoryException past this heap size instead of letting one module
        // take the machine's memory.
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)settings.MemoryLimitMB * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        if (settings.Tracing?.OtlpEndpoint is { } otlpEndpoint)
        {
            start.Environment[Diagnostics.TracingSetup.EndpointVariable] = otlpEndpoint;
            start.Environment[Diagnostics.TracingSetup.ProtocolVariable] = settings.Tracing.OtlpProtocol;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start a worker process for module '{module}'.");
        var worker = new WorkerProcess(module ?? WorkerLink.Spare, process, settings.ReadSpin, log.ForContext<WorkerProcess>());
        worker.Connection.Closed += (connection, reason) => _ = worker.OnLinkClosedAsync(reason);
        worker.Connection.Start();
        var errors = worker.CopyStandardErrorAsync();
        _ = worker.WatchExitAsync(errors);
        if (module is null)
        {
            log.Debug("Started spare worker process {ProcessId}", process.Id);
        }
        else
        {
            worker.Announce();
        }

        return worker;
    }

    /// <summary>A spare worker goes to <paramref name="module"/> (a module's name or a group's key); logged as its start.</summary>
    public void Adopt(string module)
    {
        _module = module;
        Announce();
    }

    private void Announce()
    {
        _log.Information("Started worker process {ProcessId} for {ModuleName}", ProcessId, Module);
        Diagnostics.ServerMetrics.WorkerStarts.Add(1, new KeyValuePair<string, object?>("module", Module));
    }

    /// <summary>The CPU time the process has used, or null when it cannot be read (it exited).</summary>
    public TimeSpan? CpuTime()
    {
        if (_ended.Task.IsCompleted)
        {
            return null;
        }

        try
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Kills the process tree now. The first reason given is the one <see cref="Ended"/> reports.</summary>
    /// <param name="reason">Why, for logs and for the callers whose calls are lost.</param>
    /// <param name="counts">True when the module caused it (a call that will not stop): it counts towards <c>workerMaxCrashes</c>.</param>
    /// <param name="kind">The reason as a short metric tag (<c>simplerpc.workers.kills</c>), e.g. <c>deadline</c>.</param>
    public void Kill(string reason, bool counts, string kind)
    {
        lock (_ended)
        {
            if (_killReason is not null || _ended.Task.IsCompleted)
            {
                return;
            }

            _killReason = reason;
            _killCounts = counts;
        }

        _log.Warning("Killing worker process {ProcessId} of {ModuleName}: {Reason}", ProcessId, Module, reason);
        Diagnostics.ServerMetrics.WorkerKills.Add(1, new KeyValuePair<string, object?>("module", Module), new KeyValuePair<string, object?>("reason", kind));
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // It exited already.
        }
    }

    /// <summary>A call was sent to this worker; pair it with <see cref="CallEnded"/>.</summary>
    public void CallStarted()
    {
        lock (_ended)
        {
            _callsInFlight++;
        }
    }

    /// <summary>
    /// A call sent to this worker came back; <paramref name="lost"/> when the worker ended during it.
    /// The line saying how the worker ended waits for its calls, so it can give their count: one
    /// line per end, not one per lost call.
    /// </summary>
    public void CallEnded(bool lost)
    {
        bool stopNow;
        lock (_ended)
        {
            _callsInFlight--;
            if (lost)
            {
                _callsLost++;
            }

            stopNow = _recycleReason is not null && _callsInFlight == 0 && !_stopping;
        }

        LogEndOnce();
        if (stopNow)
        {
            StopSoon();
        }
    }

    /// <summary>
    /// Replaces this worker without costing a call: it takes no new call from now on
    /// (<see cref="IsEnding"/>), and is asked to stop once the calls sent to it have come back.
    /// </summary>
    /// <param name="reason">Why, for the log.</param>
    /// <param name="kind">The reason as a short metric tag, e.g. <c>out_of_memory</c>.</param>
    public void Recycle(string reason, string kind)
    {
        bool stopNow;
        lock (_ended)
        {
            if (_recycleReason is not null || _stopping || _killReason is not null || _ended.Task.IsCompleted)
            {
                return;
            }

            _recycleReason = reason;
            _recycleKind = kind;
            stopNow = _callsInFlight == 0;
        }

        _log.Information("Replacing worker process {ProcessId} of {ModuleName}: {Reason}", ProcessId, Module, reason);
        if (stopNow)
        {
            StopSoon();
        }
    }

    // Killed, not asked: none of its calls runs, so nothing is lost, and a worker that a call
    // left at its heap limit did not always end when its input closed (tried first: the stop hung).
    private void StopSoon() => Kill(_recycleReason ?? "it was replaced", counts: false, _recycleKind ?? "replaced");

    /// <summary>The process's resident memory in bytes, or null when it cannot be read (it exited).</summary>
    public long? ResidentBytes()
    {
        if (_ended.Task.IsCompleted)
        {
            return null;
        }

        try
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Asks the worker to end (closes its input); kills it if it has not ended within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        lock (_ended)
        {
            _stopping = true;
        }

        Connection.Close();
        try
        {
            await Ended.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill($"it did not stop within {grace.TotalSeconds:0} s of being asked", counts: false, "stop_timeout");
            await Ended.ConfigureAwait(false);
        }
    }

    // A link that breaks while the process lives (a frame past the limit, say) leaves a worker
    // nobody can talk to: it must not linger. A dying process closes its pipes before it can be
    // reaped, so give it a moment to end on its own (and say how) before killing it.
    private async Task OnLinkClosedAsync(Exception? reason)
    {
        lock (_ended)
        {
            if (_stopping || _ended.Task.IsCompleted)
            {
                return;
            }
        }

        try
        {
            await _ended.Task.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill("its link to the server broke" + (reason is null ? string.Empty : ": " + reason.Message), counts: true, "link_broken");
        }
    }

    private ValueTask OnWorkerMessageAsync(JsonRpcConnection connection, JsonRpcMessage message)
    {
        if (message.Method == WorkerMethods.CallStillRunning)
        {
            var method = RpcJson.Deserialize<WorkerCallStillRunning>(message.ParamsJson ?? "null")?.Method ?? "a function";
            Kill($"a call to {method} kept running after its deadline or cancellation", counts: true, "call_would_not_stop");
        }

        return ValueTask.CompletedTask;
    }
}
