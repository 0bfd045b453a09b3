using Serilog;
using SimpleRpc.ClientStub.Link;

namespace SimpleRpc.ClientStub;

/// <summary>
/// The warning a stub without a key logs once it is connected. Only a server with no keys (started
/// with <c>--insecure</c>, or <c>insecure</c> in its conf) accepts a hello without one, and it gives
/// every client a role (admin) without a word: the stub says so, with the role the hello reply
/// gave it (docs/protocol.md, "Hello, keys and names") and how to set keys up.
/// </summary>
public static class OpenServerNotice
{
    /// <summary>Logs the warning when <paramref name="options"/> has no key and <paramref name="server"/> got a role.</summary>
    /// <returns>Whether it logged the warning.</returns>
    public static bool WarnIfOpen(StubOptions options, ServerLink server, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(log);
        if (!string.IsNullOrEmpty(options.Key) || server.Role is not { } role)
        {
            return false;
        }

        log.Warning(
            "The server at {Endpoint} runs without keys: this stub has no key and got the {Role} role, as does anyone who can reach that server. To use keys, run simplerpc-server init (it writes a server conf with fresh keys and a stub conf with one of them) and start both with those confs",
            server.Endpoint,
            role.ToString().ToLowerInvariant());
        return true;
    }
}
