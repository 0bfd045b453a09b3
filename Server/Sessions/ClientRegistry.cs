using System.Globalization;
using System.Text.RegularExpressions;

namespace SimpleRpc.Server.Sessions;

/// <summary>
/// The named sessions. Names are unique, compared without case, and bound to the key that
/// first claimed them: no other key can take a name, even while its owner is away. A client
/// that reconnects (its hello names its previous session) replaces that session. Thread-safe.
/// </summary>
public sealed partial class ClientRegistry
{
    private readonly Dictionary<string, ClientSession> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _owners = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>How many named sessions there are.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byName.Count;
            }
        }
    }

    /// <summary>True when <paramref name="name"/> is an acceptable client name.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Claims <paramref name="name"/> for <paramref name="session"/> (whose key is already checked).</summary>
    /// <param name="name">The name the client asked for.</param>
    /// <param name="session">The session that would own it.</param>
    /// <param name="resume">The client's previous session id when it reconnects, else null.</param>
    /// <param name="replaced">The previous session this one replaced, which the caller closes.</param>
    /// <param name="suggestion">When the name cannot be had, a free name to offer instead.</param>
    /// <returns>Whether the name is now the session's, or why not.</returns>
    public ClaimOutcome TryClaim(string name, ClientSession session, string? resume, out ClientSession? replaced, out string? suggestion)
    {
        replaced = null;
        suggestion = null;
        bool newBinding;
        lock (_gate)
        {
            if (_owners.TryGetValue(name, out var owner) && owner != session.KeyFingerprint)
            {
                suggestion = SuggestFreeName(name, session.KeyFingerprint);
                return ClaimOutcome.BoundToAnotherKey;
            }

            if (_byName.TryGetValue(name, out var current))
            {
                if (resume is null || current.SessionId != resume)
                {
                    suggestion = SuggestFreeName(name, session.KeyFingerprint);
                    return ClaimOutcome.Taken;
                }

                replaced = current;
            }

            _byName[name] = session;
            newBinding = !_owners.ContainsKey(name);
            _owners[name] = session.KeyFingerprint;
            session.Name = name;
        }

        // Outside the lock: a handler may write the bindings to disk.
        if (newBinding)
        {
            NameBound?.Invoke();
        }

        return replaced is null ? ClaimOutcome.Claimed : ClaimOutcome.Replaced;
    }

    /// <summary>Raised (outside the registry's lock) after a name was bound to a key for the first time.</summary>
    public event Action? NameBound;

    /// <summary>Which key fingerprint each name is bound to, as a copy.</summary>
    public IReadOnlyDictionary<string, string> Bindings()
    {
        lock (_gate)
        {
            return new Dictionary<string, string>(_owners, StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Binds names to key fingerprints as a previous run left them (<see cref="NameBindingStore"/>); call before accepting clients.</summary>
    public void RestoreBindings(IReadOnlyDictionary<string, string> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        lock (_gate)
        {
            foreach (var (name, fingerprint) in bindings)
            {
                _owners[name] = fingerprint;
            }
        }
    }

    /// <summary>Removes the session if it still owns its name; the name stays bound to its key.</summary>
    public void Release(ClientSession session)
    {
        lock (_gate)
        {
            if (session.Name is { } name && _byName.TryGetValue(name, out var current) && current == session)
            {
                _byName.Remove(name);
            }
        }
    }

    /// <summary>Finds a session by name.</summary>
    public ClientSession? Find(string name)
    {
        lock (_gate)
        {
            return _byName.GetValueOrDefault(name);
        }
    }

    /// <summary>A snapshot of the named sessions, ordered by name.</summary>
    public IReadOnlyList<ClientSession> Snapshot()
    {
        lock (_gate)
        {
            return [.. _byName.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)];
        }
    }

    private string SuggestFreeName(string name, string fingerprint)
    {
        // The stem is cut so that every candidate fits the 64-character limit: a long taken
        // name must still get an answer (Adversarial IdentityAbuseTests, 63 and 64 characters).
        var stem = TrailingNumber().Replace(name, string.Empty);
        for (var i = 2; ; i++)
        {
            var suffix = "-" + i.ToString(CultureInfo.InvariantCulture);
            var candidate = stem[..Math.Min(stem.Length, 64 - suffix.Length)] + suffix;
            var free = !_byName.ContainsKey(candidate) && (!_owners.TryGetValue(candidate, out var owner) || owner == fingerprint);
            if (free)
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
