using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using SimpleRpc.Protocol;
using SimpleRpc.Server.Sessions;
using ILogger = Serilog.ILogger;

namespace SimpleRpc.Server.Dashboard;

/// <summary>
/// Who may see the fleet: an admin key from the server's <c>keys</c>, presented in the
/// <see cref="KeyHeader"/> header, or the session cookie a sign-in with it issued. Never in a
/// URL: query strings end up in logs, histories and referrers.
/// </summary>
/// <remarks>
/// Thread-safe. Sessions live in memory for <see cref="SessionLifetime"/>; a restart signs everybody out.
/// Key guessing is limited per address (<see cref="DashboardOptions.MaxFailedSignInsPerMinute"/>, the
/// same one-minute windows as the stubs' <c>maxFailedHellosPerMinute</c>): past the limit every request
/// that carries a key gets 429 until the address's minute ends, whatever the key, and one warning is
/// logged for the burst.
/// </remarks>
public sealed class DashboardSignIn(KeyAuthenticator keys, int maxFailedPerMinute = 0, ILogger? log = null, TimeProvider? time = null)
{
    /// <summary>The header that carries a key.</summary>
    public const string KeyHeader = "X-SimpleRpc-Key";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "simplerpc_session";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, (string Fingerprint, DateTimeOffset Expires)> _sessions = new(StringComparer.Ordinal);
    private readonly FailedHelloLimiter _failures = new(maxFailedPerMinute, time);

    /// <summary>The limit of failed sign-ins per address and minute; 0: none.</summary>
    public int MaxFailedPerMinute => _failures.MaxPerMinute;

    /// <summary>
    /// Checks a key from <paramref name="peer"/>: 200 with a new session token for an admin key, else
    /// 401 (no valid key), 403 (not admin) or 429 (the address is past the limit; the key is not looked at).
    /// </summary>
    public SignInResult SignIn(string? key, System.Net.IPAddress? peer)
    {
        var address = AddressOf(peer);
        if (_failures.IsBlocked(address, out var retryAfter))
        {
            return new SignInResult(StatusCodes.Status429TooManyRequests, null, "none", false, retryAfter);
        }

        var fingerprint = KeyAuthenticator.Fingerprint(keys.IsOpen ? null : key);
        var role = keys.RoleOf(key);
        if (role != ClientRole.Admin)
        {
            var first = Failed(address);
            return new SignInResult(role is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden, null, fingerprint, first, TimeSpan.Zero);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _sessions[token] = (fingerprint, DateTimeOffset.UtcNow + SessionLifetime);
        return new SignInResult(StatusCodes.Status200OK, token, fingerprint, false, TimeSpan.Zero);
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
            var address = AddressOf(request.HttpContext.Connection.RemoteIpAddress);
            if (_failures.IsBlocked(address, out _))
            {
                return (StatusCodes.Status429TooManyRequests, "none");
            }

            var role = keys.RoleOf(key.ToString());
            var fingerprint = KeyAuthenticator.Fingerprint(keys.IsOpen ? null : key.ToString());
            if (role != ClientRole.Admin)
            {
                Failed(address);
            }

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

    // Counts a refused key from the address; the failure that reaches the limit logs the burst.
    // True for the address's first failure in its minute.
    private bool Failed(string address)
    {
        var failure = _failures.RecordFailure(address);
        if (failure.Blocked)
        {
            log?.Warning(
                "Dashboard sign-ins from {Peer} refused for {Seconds} s: {Count} keys refused within a minute (dashboard.maxFailedSignInsPerMinute)",
                address,
                FailedHelloLimiter.Window.TotalSeconds,
                failure.Count);
        }

        return failure.First;
    }

    private static string AddressOf(System.Net.IPAddress? peer) =>
        peer is null ? "unknown" : (peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer).ToString();
}
