using Serilog;
using SimpleRpc.ClientStub.Link;
using SimpleRpc.Protocol;

namespace SimpleRpc.ClientStub;

/// <summary>
/// The warning a stub logs once it is connected to an open server: one with no keys (started with
/// <c>--insecure</c>, or <c>insecure</c> in its conf), which accepts every hello and gives every
/// client a role (admin) without a word. The hello reply says so (<c>open</c>, docs/protocol.md,
/// "Hello, keys and names"); the stub says it too, with the role it got, whether or not it has a
/// key (a key it presents was not checked), and how to set keys up.
/// </summary>
public static class OpenServerNotice
{
    private const string HowToUseKeys =
        "To use keys, run simplerpc-server init (it writes a server conf with fresh keys and a stub conf with one of them) and start both with those confs";

    private const string WithoutKey =
        "The server at {Endpoint} runs without keys: this stub has no key and got the {Role} role, as does anyone who can reach that server. " + HowToUseKeys;

    private const string KeyNotChecked =
        "The server at {Endpoint} runs without keys: the key was not checked, and this stub got the {Role} role, as does anyone who can reach that server with any key or none. " + HowToUseKeys;

    /// <summary>Logs the warning when <paramref name="server"/>'s hello reply shows an open server.</summary>
    /// <returns>Whether it logged the warning.</returns>
    /// <remarks>Call it once per process, after the first connect: reconnects do not repeat it.</remarks>
    public static bool WarnIfOpen(StubOptions options, ServerLink server, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(server);
        return WarnIfOpen(options.Key, server.Endpoint, server.Role, server.ServerIsOpen, log);
    }

    /// <summary>
    /// Logs the warning when the hello reply said <paramref name="open"/>, or gave a role to a stub
    /// with no <paramref name="key"/> (only an open server does: one older than the <c>open</c>
    /// member does not say it).
    /// </summary>
    /// <param name="key">The key the stub presented, if any.</param>
    /// <param name="endpoint">The server the stub is connected to.</param>
    /// <param name="role">The role the hello reply gave; null: no hello was answered.</param>
    /// <param name="open">The hello reply's <c>open</c> member.</param>
    /// <param name="log">Where the warning goes.</param>
    /// <returns>Whether it logged the warning.</returns>
    public static bool WarnIfOpen(string? key, string endpoint, ClientRole? role, bool open, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (role is not { } granted)
        {
            return false;
        }

        var roleName = granted.ToString().ToLowerInvariant();
        if (string.IsNullOrEmpty(key))
        {
            log.Warning(WithoutKey, endpoint, roleName);
            return true;
        }

        if (!open)
        {
            return false;
        }

        log.Warning(KeyNotChecked, endpoint, roleName);
        return true;
    }
}
