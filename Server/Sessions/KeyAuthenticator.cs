using System.Security.Cryptography;
using System.Text;
using SimpleRpc.Protocol;

namespace SimpleRpc.Server.Sessions;

/// <summary>
/// Checks a hello's key against the server conf's <c>keys</c>, in constant time. With no keys
/// configured the server is open: every client may publish (the server logs a warning at start).
/// </summary>
public sealed class KeyAuthenticator
{
    private readonly List<(byte[] Hash, ClientRole Role)> _keys;

    /// <summary>Creates an authenticator for <paramref name="keys"/> (null or empty: open).</summary>
    /// <exception cref="ArgumentException">A key is shorter than 16 characters.</exception>
    public KeyAuthenticator(IEnumerable<ClientKey>? keys)
    {
        _keys = [];
        foreach (var key in keys ?? [])
        {
            if (key.Key.Length < 16)
            {
                throw new ArgumentException($"A key in the server conf has {key.Key.Length} characters; keys need at least 16.");
            }

            _keys.Add((Hash(key.Key), key.Role));
        }
    }

    /// <summary>The fingerprints of the configured keys (<c>open</c> alone when none are): names bound to others are freed at start.</summary>
    public IReadOnlySet<string> Fingerprints => _keys.Count == 0
        ? new HashSet<string>(StringComparer.Ordinal) { Fingerprint(null) }
        : _keys.Select(k => Convert.ToHexStringLower(k.Hash)[..12]).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when no keys are configured and anyone may connect with the admin role.</summary>
    public bool IsOpen => _keys.Count == 0;

    /// <summary>The role <paramref name="key"/> has, or null when it is not a valid key.</summary>
    public ClientRole? RoleOf(string? key)
    {
        if (IsOpen)
        {
            return ClientRole.Admin;
        }

        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var hash = Hash(key);
        ClientRole? role = null;
        foreach (var (known, knownRole) in _keys)
        {
            // Compare against every entry so the time taken does not tell which one matched.
            if (CryptographicOperations.FixedTimeEquals(hash, known))
            {
                role = knownRole;
            }
        }

        return role;
    }

    /// <summary>A fingerprint of <paramref name="key"/> that names it in the registry and logs without revealing it.</summary>
    public static string Fingerprint(string? key) => key is null ? "open" : Convert.ToHexStringLower(Hash(key))[..12];

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
