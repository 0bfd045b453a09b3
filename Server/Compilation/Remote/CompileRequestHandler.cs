using Serilog;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;

namespace SimpleRpc.Server.Compilation.Remote;

/// <summary>
/// Answers the server inside the compile process: <see cref="CompileMethods.Compile"/> and
/// <see cref="CompileMethods.Warm"/>, each off the read loop. One <see cref="ModuleCompiler"/> per
/// distinct <see cref="CompileSetup"/> (in practice one: the server sends the same with every request).
/// </summary>
internal sealed class CompileRequestHandler(ILogger log)
{
    private readonly Lock _lock = new();
    private CompileSetup? _setup;
    private ModuleCompiler? _compiler;

    /// <summary>The connection's request handler.</summary>
    public async ValueTask HandleAsync(JsonRpcConnection connection, JsonRpcMessage message)
    {
        switch (message.Method)
        {
            case CompileMethods.Compile:
                // Read from the line's bytes: no string copy of a module's source.
                var request = (message.ParamsUtf8.IsEmpty ? RpcJson.Deserialize<CompileRequest>(message.ParamsJson ?? "null") : RpcJson.Deserialize<CompileRequest>(message.ParamsUtf8))
                    ?? throw new RpcException(RpcErrorCodes.InvalidParams, "compile.run needs a module.");
                var result = await Task.Run(() => CompilerFor(request.Setup).CompileAgainst(
                    request.ModuleName, request.Source, request.Version, request.Checksum, request.Baseline)).ConfigureAwait(false);
                connection.Reply(message.Id, CompileReply.From(result));
                return;
            case CompileMethods.Warm:
                var setup = RpcJson.Deserialize<CompileSetup>(message.ParamsJson ?? "null")
                    ?? throw new RpcException(RpcErrorCodes.InvalidParams, "compile.warm needs a setup.");
                await Task.Run(CompilerFor(setup).Warm).ConfigureAwait(false);
                connection.Reply(message.Id, true);
                return;
            default:
                if (message.IsRequest)
                {
                    connection.ReplyError(message.Id, new RpcError(RpcErrorCodes.MethodNotFound, "The compile process has no method '" + message.Method + "'."));
                }

                return;
        }
    }

    private ModuleCompiler CompilerFor(CompileSetup setup)
    {
        lock (_lock)
        {
            if (_compiler is null || !Same(_setup!, setup))
            {
                _compiler = new ModuleCompiler(log, Policy.ModulePolicy.FromConfig(setup.BannedApis)) { Timeout = TimeSpan.FromSeconds(setup.TimeoutSeconds) };
                _setup = setup;
            }

            return _compiler;
        }
    }

    private static bool Same(CompileSetup a, CompileSetup b) =>
        a.TimeoutSeconds.Equals(b.TimeoutSeconds)
        && (a.BannedApis is null ? b.BannedApis is null : b.BannedApis is not null && a.BannedApis.SequenceEqual(b.BannedApis, StringComparer.Ordinal));
}
