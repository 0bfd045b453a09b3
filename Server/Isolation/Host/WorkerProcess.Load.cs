using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Isolation.Host;

internal sealed partial class WorkerProcess
{
    /// <summary>Makes the worker serve <paramref name="module"/>'s version, unless it serves that one or a newer one already.</summary>
    /// <exception cref="RpcException">The worker could not load it in time (<see cref="RpcErrorCodes.WorkerLost"/>).</exception>
    public async Task EnsureLoadedAsync(LoadedModule module, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (LoadedVersionOf(module.Name) >= module.Info.Version)
        {
            return;
        }

        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (LoadedVersionOf(module.Name) >= module.Info.Version)
            {
                return;
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var load = new WorkerLoad(module.Name, module.Info.Version, module.Info.Checksum, module.Image ?? throw new InvalidOperationException($"Module '{module.Name}' has no compiled image."));
            JsonRpcMessage reply;
            try
            {
                reply = await Connection.SendRequestAsync(WorkerMethods.Load, RpcJson.Serialize(load), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Kill($"it did not load {module.Name} v{module.Info.Version} within {timeout.TotalSeconds:0} s (workerStartTimeoutSeconds)", counts: false, "start_timeout");
                throw new RpcException(RpcErrorCodes.WorkerLost, $"The worker process for module '{module.Name}' did not start and load it within {timeout.TotalSeconds:0} s (workerStartTimeoutSeconds).");
            }

            if (reply.Error is { } error)
            {
                var end = error.Code == RpcErrorCodes.ConnectionLost ? await DescribeEndAsync().ConfigureAwait(false) : error.Message;
                throw new RpcException(RpcErrorCodes.WorkerLost, $"The worker process for module '{module.Name}' could not load v{module.Info.Version}: {end}.");
            }

            _loadedVersions[module.Name] = module.Info.Version;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>
    /// How the process ended, waiting a moment for it to exit and for its owner to handle that
    /// (<see cref="EndHandled"/>): a caller told of the end finds the module's crash count up to date.
    /// </summary>
    public async Task<string> DescribeEndAsync()
    {
        try
        {
            var end = await Ended.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await EndHandled.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            return end.Description;
        }
        catch (TimeoutException)
        {
            return "its link closed";
        }
    }
}
