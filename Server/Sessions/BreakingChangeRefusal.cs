using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Sessions;

/// <summary>The <see cref="RpcErrorCodes.BreakingChange"/> error for an upload the publish gate refused.</summary>
internal static class BreakingChangeRefusal
{
    /// <summary>
    /// The error for <paramref name="outcome"/>: its message counts the breaking changes, its data
    /// lists every change and, for each removed or changed function, who called it recently
    /// according to <paramref name="callers"/> (none listed when the server keeps no record).
    /// </summary>
    public static RpcException Create(string module, RegisterOutcome outcome, RecentCallers? callers)
    {
        var breaking = outcome.Changes.Where(c => c.Class == SurfaceChangeClass.Breaking).ToList();
        var functions = breaking.Select(c => c.Function).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(f => new FunctionCallers(f, callers?.Callers(module, f) ?? []))
            .ToList();
        var data = new BreakingChangeData(module, outcome.ServingVersion, [.. outcome.Changes.Select(c => c.ToString())], functions, RecentCallers.WindowHours);
        var message = $"Module '{module}' was not published: {breaking.Count} breaking change(s) from v{outcome.ServingVersion} would break its callers. Publish anyway with 'register <path> --breaking' (upload.begin's \"breaking\": true).";
        return new RpcException(RpcErrorCodes.BreakingChange, message, RpcJson.Serialize(data));
    }
}
