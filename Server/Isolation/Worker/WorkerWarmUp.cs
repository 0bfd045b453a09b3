using SimpleRpc.Protocol;
using SimpleRpc.Serialization;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Isolation.Worker;

/// <summary>
/// What a spare worker does while it waits for a module: runs the code a module's load and first
/// call go through (parsing and writing link messages, the JSON settings, the dispatcher's
/// refusal path), so that the just-in-time compiler has compiled it before the first call needs it.
/// </summary>
internal static class WorkerWarmUp
{
    /// <summary>Runs the warm-up once; never throws (a warm-up that fails only leaves the JIT cold).</summary>
    public static void Run(CallDispatcher dispatcher, Serilog.ILogger log)
    {
        try
        {
            var load = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":1,"method":"simplerpc/worker.load","params":{"name":"warm","version":1,"checksum":"00","image":"AAAA"}}""");
            _ = RpcJson.Deserialize<WorkerLoad>(load.ParamsJson!);
            _ = JsonRpcFormatter.Format(JsonRpcMessage.Success(load.Id, RpcJson.Serialize(new WorkerLoaded(1, ["int Add(int a, int b)"]))));
            var call = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":2,"method":"warm.Add","params":[1,2],"timeoutMs":1000}""");
            var reply = dispatcher.DispatchAsync(call, "server", CancellationToken.None).GetAwaiter().GetResult();
            _ = JsonRpcFormatter.Format(reply);
            _ = RpcJson.Deserialize<int>(RpcJson.Serialize(3));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            log.Debug(ex, "The spare worker's warm-up failed");
        }
    }
}
