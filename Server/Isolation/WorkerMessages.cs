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

/// <summary>A compiled module version for a worker to serve; older versions finish their calls, then unload.</summary>
/// <param name="Name">The module's name.</param>
/// <param name="Version">Its version.</param>
/// <param name="Checksum">SHA-256 of its source.</param>
/// <param name="Image">The PE image with its PDB (base64 on the wire).</param>
internal sealed record WorkerLoad(string Name, int Version, string Checksum, byte[] Image);

/// <summary>The worker serves the version now; its functions, as <c>ModuleInfo.Functions</c> lists them.</summary>
internal sealed record WorkerLoaded(int Version, IReadOnlyList<string> Functions);

/// <summary>A call whose function kept running after its deadline or cancellation.</summary>
internal sealed record WorkerCallStillRunning(string Method);
