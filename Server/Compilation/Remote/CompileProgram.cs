using SimpleRpc.Hosting.Logging;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Isolation;

namespace SimpleRpc.Server.Compilation.Remote;

/// <summary>
/// <c>SimpleRpc.Server --compile [&lt;log level&gt;]</c>: the process modules are compiled in
/// (<c>compileIsolation: process</c>). The server starts it, sends it <see cref="CompileRequest"/>s over
/// standard input and reads <see cref="CompileReply"/>s from standard output, recycles it after
/// <c>compileRecycleAfter</c> compiles and kills it when a compile passes its deadline. Roslyn's
/// JIT code and heaps live and die here, never in the server.
/// </summary>
public static class CompileProgram
{
    /// <summary>The command-line switch that selects compile mode.</summary>
    public const string Switch = "--compile";

    /// <summary>Serves until the server closes standard input; returns the exit code.</summary>
    /// <param name="args"><c>--compile [&lt;log level&gt;]</c>.</param>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        using var child = ChildStdio.Open(ChildStdio.LevelOf(args, 1));
        var log = child.Log;
        var handler = new CompileRequestHandler(log);
        var options = new JsonRpcConnectionOptions { MaxFrameBytes = CompileMethods.MaxFrameBytes, MaxQueuedBytes = 1L << 30 };
        await using var connection = new JsonRpcConnection(new DuplexStream(child.Input, child.Output), options, log.ForExtensions<JsonRpcConnection>(), "server")
        {
            RequestHandler = handler.HandleAsync,
        };
        connection.Start();
        log.Debug("Compile process {ProcessId} started", Environment.ProcessId);
        await connection.Completion.ConfigureAwait(false);
        log.Debug("Compile process {ProcessId} stopping: the server closed the link", Environment.ProcessId);
        return 0;
    }
}
