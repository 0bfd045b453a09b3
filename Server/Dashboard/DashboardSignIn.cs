using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using SimpleRpc.Protocol;
using SimpleRpc.Server.Sessions;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// Who may see the fleet: an admin key from the server's <c>keys</c>, presented in the
/// <see cref="KeyHeader"/> header, or the session cookie a sign-in with it issued. Never in a
/// URL: query strings end up in logs, histories and referrers.
/// </summary>
/// <remarks>Thread-safe. Sessions live in memory for <see cref="SessionLifetime"/>; a restart signs everybody out.</remarks>
public sealed class DashboardSignIn(KeyAuthenticator keys)
{
    /// <summary>The header that carries a key.</summary>
    public const string KeyHeader = "X-SimpleRpc-Key";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "simplerpc_session";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, (string Fingerprint, DateTimeOffset Expires)> _sessions = new(StringComparer.Ordinal);

    /// <summary>Checks a key: 200 with a new session token for an admin key, else 401 (no valid key) or 403 (not admin).</summary>
    public (int Status, string? Token, string Fingerprint) SignIn(string? key)
    {
        var fingerprint = KeyAuthenticator.Fingerprint(keys.IsOpen ? null : key);
        var role = keys.RoleOf(key);
        if (role is null)
        {
            return (StatusCodes.Status401Unauthorized, null, fingerprint);
        }

        if (role != ClientRole.Admin)
        {
            return (StatusCodes.Status403Forbidden, null, fingerprint);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _sessions[token] = (fingerprint, DateTimeOffset.UtcNow + SessionLifetime);
        return (StatusCodes.Status200OK, token, fingerprint);
    }

    /// <summary>Forgets a session (sign-out).</summary>
    public void SignOut(string? token)
    {
        if (token is not null)
        {
            _sessions.TryRemove(token, out _);
        }
    }

    /// <summary>The status for a request: 200 when it carries an admin key or a live session, else 401 or 403.</summary>
    public int Check(HttpRequest request) => Identify(request).Status;

    /// <summary>
    /// The status for a request (as <see cref="Check"/>) and who it is: the fingerprint of the key
    /// it carries or that signed its session in, for the audit log.
    /// </summary>
    public (int Status, string Fingerprint) Identify(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(KeyHeader, out var key))
        {
            var role = keys.RoleOf(key.ToString());
            var fingerprint = KeyAuthenticator.Fingerprint(keys.IsOpen ? null : key.ToString());
            return (role is null ? StatusCodes.Status401Unauthorized : role == ClientRole.Admin ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden, fingerprint);
        }

        if (request.Cookies.TryGetValue(CookieName, out var token) && _sessions.TryGetValue(token, out var session))
        {
            if (session.Expires > DateTimeOffset.UtcNow)
            {
                return (StatusCodes.Status200OK, session.Fingerprint);
            }

            _sessions.TryRemove(token, out _);
        }

        return (StatusCodes.Status401Unauthorized, "none");
    }
}
