namespace SimpleRpc.Server.Compilation.Remote;

/// <summary>
/// The private protocol between the server and its compile process: JSON-RPC 2.0 over the
/// process's standard input and output, one message per line (<see cref="Rpc.JsonRpcConnection"/>,
/// as with module workers). Standard error carries the process's log lines.
/// </summary>
internal static class CompileMethods
{
    /// <summary>Request, server → compile process: compile one module version (<see cref="CompileRequest"/> → <see cref="CompileReply"/>).</summary>
    public const string Compile = "simplerpc/compile.run";

    /// <summary>Request, server → compile process: warm the compiler (<see cref="CompileSetup"/> → <c>true</c>).</summary>
    public const string Warm = "simplerpc/compile.warm";

    /// <summary>The largest message either way: a compiled image (base64) of a module near <c>maxModuleBytes</c> with its proxy and diagnostics.</summary>
    public const int MaxFrameBytes = 256 * 1024 * 1024;
}
