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
    /// <summary>The removed or changed functions of <paramref name="outcome"/>'s breaking changes, each once.</summary>
    public static List<string> BrokenFunctions(RegisterOutcome outcome) =>
        [.. outcome.Changes.Where(c => c.Class == SurfaceChangeClass.Breaking).Select(c => c.Function).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The error for <paramref name="outcome"/>: its message counts the breaking changes, its data
    /// lists every change and, for each removed or changed function, who called it recently
    /// according to <paramref name="callers"/> (none listed when the server keeps no record).
    /// </summary>
    public static RpcException Create(string module, RegisterOutcome outcome, RecentCallers? callers) =>
        Create(module, outcome, [.. BrokenFunctions(outcome).Select(f => new FunctionCallers(f, callers?.Callers(module, f) ?? []))]);

    /// <summary>The error for <paramref name="outcome"/>, with the recent callers of its broken functions already counted (in a cluster, by every node).</summary>
    public static RpcException Create(string module, RegisterOutcome outcome, IReadOnlyList<FunctionCallers> functions)
    {
        var breaking = outcome.Changes.Where(c => c.Class == SurfaceChangeClass.Breaking).ToList();
        var data = new BreakingChangeData(module, outcome.ServingVersion, [.. outcome.Changes.Select(c => c.ToString())], functions, RecentCallers.WindowHours);
        var message = $"Module '{module}' was not published: {breaking.Count} breaking change(s) from v{outcome.ServingVersion} would break its callers. Publish anyway with 'register <path> --breaking' (upload.begin's \"breaking\": true).";
        return new RpcException(RpcErrorCodes.BreakingChange, message, RpcJson.Serialize(data));
    }
}
