namespace SimpleRpc.Server.Isolation;

/// <summary>
/// The private protocol between the server and its worker processes: JSON-RPC 2.0 over the
/// worker's standard input and output, one message per line, like every other link. Module calls
/// travel unchanged (<c>"z.Add"</c> with the caller's params); these are the worker's own methods.
/// </summary>
internal static class WorkerMethods
{
    /// <summary>Request, server → worker: load a compiled module version and serve it (<see cref="WorkerLoad"/> → <see cref="WorkerLoaded"/>).</summary>
    public const string Load = "simplerpc/worker.load";

    /// <summary>Notification, worker → server: a call passed its deadline and its function does not stop (<see cref="WorkerCallStillRunning"/>).</summary>
    public const string CallStillRunning = "simplerpc/worker.callStillRunning";
}
