using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Sessions;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// Whether a stub has a serving module's proxy: <c>current</c> (it holds the serving version),
/// <c>behind</c> (it holds an older one: the new one is on its way or its write is slow) or
/// <c>missing</c> (it holds none).
/// </summary>
/// <remarks>
/// What a stub holds is what it said: the checksums of its sync and the proxies it confirmed
/// (<c>simplerpc/proxyWritten</c>). A client that never confirmed a proxy (an older stub, a plain
/// JSON-RPC client) is taken to hold what the server sent it.
/// </remarks>
internal static class ProxyStatus
{
    /// <summary>The stub's status for <paramref name="module"/> and the record it rests on (null when missing).</summary>
    public static (string Status, HeldProxy? Basis) Of(ClientSession session, LoadedModule module)
    {
        var held = session.Proxies.GetValueOrDefault(module.Name);
        if (held?.Checksum == module.Info.Checksum)
        {
            return ("current", held);
        }

        if (!session.ConfirmsProxies && session.ProxiesSent.GetValueOrDefault(module.Name) is { } sent && sent.Checksum == module.Info.Checksum)
        {
            return ("current", sent);
        }

        return held is null ? ("missing", null) : ("behind", held);
    }
}
