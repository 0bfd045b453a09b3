using System.Collections.Concurrent;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Isolation.Worker;

/// <summary>
/// Answers the server inside a worker process: <see cref="WorkerMethods.Load"/>, module calls
/// through an in-process <see cref="CallDispatcher"/>, and <c>$/cancelRequest</c> for them.
/// </summary>
internal sealed class WorkerRequestHandler(WorkerModuleTable modules, CallDispatcher dispatcher)
{
    private readonly ConcurrentDictionary<RpcId, CancellationTokenSource> _calls = new();
    private int _running;

    /// <summary>The connection's request handler.</summary>
    public async ValueTask HandleAsync(JsonRpcConnection connection, JsonRpcMessage message)
    {
        switch (message.Method)
        {
            case JsonRpcMessage.CancelRequestMethod:
                var id = RpcJson.Deserialize<CancelRequest>(message.ParamsJson ?? "{}")?.ToRpcId() ?? RpcId.None;
                if (_calls.TryGetValue(id, out var call))
                {
                    call.Cancel();
                }

                return;
            case WorkerMethods.Load:
                var load = RpcJson.Deserialize<WorkerLoad>(message.ParamsJson ?? "null")
                    ?? throw new RpcException(RpcErrorCodes.InvalidParams, "worker.load needs a module.");

                // Loading reads the image and builds the function table: off the read loop.
                connection.Reply(message.Id, await Task.Run(() => modules.Load(load)).ConfigureAwait(false));
                return;
            default:
                if (message.IsRequest)
                {
                    await RunCallAsync(connection, message).ConfigureAwait(false);
                }

                return;
        }
    }

    /// <summary>Cancels every running call (the link to the server closed).</summary>
    public void CancelAll()
    {
        foreach (var source in _calls.Values)
        {
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The call replied in the meantime.
            }
        }
    }

    private async Task RunCallAsync(JsonRpcConnection connection, JsonRpcMessage message)
    {
        // A plain source per call; the link's close cancels them all (CancelAll), with no linked
        // source registered on the link's token per call.
        using var source = new CancellationTokenSource();
        _calls[message.Id] = source;
        if (connection.IsClosed)
        {
            source.Cancel();
        }

        Interlocked.Increment(ref _running);
        using var activity = Diagnostics.ServerTracing.StartCall(Diagnostics.ServerTracing.WorkerSource, message);
        try
        {
            var reply = await dispatcher.DispatchAsync(message, "server", source.Token).ConfigureAwait(false);
            SimpleRpc.Diagnostics.RpcTracing.EndCall(activity, reply.Error);

            // Replies of the calls running beside this one are on their way: let them share a write.
            connection.Send(reply, moreComing: Volatile.Read(ref _running) > 1);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _calls.TryRemove(new KeyValuePair<RpcId, CancellationTokenSource>(message.Id, source));
        }
    }
}
