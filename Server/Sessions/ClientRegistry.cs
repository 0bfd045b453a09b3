using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SimpleRpc.Server.Sessions;

/// <summary>
/// The named sessions. Names are unique, compared without case. Thread-safe.
/// </summary>
public sealed partial class ClientRegistry
{
    private readonly ConcurrentDictionary<string, ClientSession> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many named sessions there are.</summary>
    public int Count => _byName.Count;

    /// <summary>True when <paramref name="name"/> is an acceptable client name.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Claims <paramref name="name"/> for <paramref name="session"/>.</summary>
    /// <param name="name">The name the client asked for.</param>
    /// <param name="session">The session that would own it.</param>
    /// <param name="suggestion">When the name is taken, a free name to offer instead.</param>
    /// <returns>True if the name was free and now belongs to the session.</returns>
    public bool TryClaim(string name, ClientSession session, out string? suggestion)
    {
        if (_byName.TryAdd(name, session))
        {
            session.Name = name;
            suggestion = null;
            return true;
        }

        suggestion = SuggestFreeName(name);
        return false;
    }

    /// <summary>Removes the session if it still owns its name.</summary>
    public void Release(ClientSession session)
    {
        if (session.Name is { } name)
        {
            _byName.TryRemove(new KeyValuePair<string, ClientSession>(name, session));
        }
    }

    /// <summary>Finds a session by name.</summary>
    public ClientSession? Find(string name) => _byName.TryGetValue(name, out var session) ? session : null;

    /// <summary>A snapshot of the named sessions, ordered by name.</summary>
    public IReadOnlyList<ClientSession> Snapshot() => [.. _byName.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)];

    private string SuggestFreeName(string name)
    {
        var stem = TrailingNumber().Replace(name, string.Empty);
        for (var i = 2; ; i++)
        {
            var candidate = stem + "-" + i.ToString(CultureInfo.InvariantCulture);
            if (!_byName.ContainsKey(candidate) && candidate.Length <= 64)
            {
                return candidate;
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("-[0-9]+$")]
    private static partial Regex TrailingNumber();
}
