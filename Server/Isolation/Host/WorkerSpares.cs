using Serilog;

namespace SimpleRpc.Server.Isolation.Host;

/// <summary>
/// Worker processes started ahead of need (<c>workerSpares</c>), so that a module's first call
/// (after a server start, a publish, an idle stop or a crash) takes a process that has already
/// started instead of waiting for one: starting the runtime is most of a worker's start. A spare
/// runs no module code until a module takes it; then another spare is started in its place.
/// </summary>
/// <remarks>Thread-safe. A spare costs a process's memory with nothing loaded (~25–30 MB).</remarks>
internal sealed class WorkerSpares(WorkerSettings settings, ILogger log) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<Task<WorkerProcess>> _ready = new();
    private bool _disposed;

    /// <summary>Starts spares until <see cref="WorkerSettings.Spares"/> are started or starting.</summary>
    public void Fill()
    {
        lock (_gate)
        {
            while (!_disposed && _ready.Count < settings.Spares)
            {
                _ready.Enqueue(Task.Run(() => WorkerProcess.Start(null, settings, log), CancellationToken.None));
            }
        }
    }

    /// <summary>
    /// A started worker for <paramref name="module"/> (a module's name or a publisher's, see
    /// <see cref="WorkerSettings.WorkerKeyOf"/>): a spare when one is ready or starting, else a new process.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">No process could be started.</exception>
    public async Task<WorkerProcess> TakeAsync(string module)
    {
        Task<WorkerProcess>? spare = null;
        lock (_gate)
        {
            if (!_disposed && _ready.Count > 0)
            {
                spare = _ready.Dequeue();
            }
        }

        if (spare is not null)
        {
            try
            {
                var worker = await spare.ConfigureAwait(false);
                if (!worker.IsEnding)
                {
                    worker.Adopt(module);
                    Fill();
                    return worker;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not refilled: a start that fails would fail again in a loop; the next take tries.
                log.Warning(ex, "A spare worker process could not be started");
                return WorkerProcess.Start(module, settings, log);
            }

            Fill();
        }

        return WorkerProcess.Start(module, settings, log);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        List<Task<WorkerProcess>> spares;
        lock (_gate)
        {
            _disposed = true;
            spares = [.. _ready];
            _ready.Clear();
        }

        foreach (var spare in spares)
        {
            try
            {
                await (await spare.ConfigureAwait(false)).StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.Debug(ex, "A spare worker process had not started");
            }
        }
    }
}
