using Microsoft.CodeAnalysis;

namespace SimpleRpc.Server.Compilation.Policy;

/// <summary>
/// The compile-time policy modules are checked against (<see cref="ModulePolicyChecker"/>): the
/// namespaces, types and members a module may not use, in the spirit of BannedApiAnalyzers.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>The most specific entry that matches a symbol decides, ban or allow: a member entry with a
/// parameter list, then a member entry without one (every overload), then the type or the nearest
/// containing type, then the nearest namespace. So <c>N:System.IO</c> bans the namespace,
/// <c>!T:System.IO.MemoryStream</c> allows one type in it, and
/// <c>M:System.IO.StreamReader.#ctor(System.String)</c> bans one constructor of an allowed type. When a
/// member matches no entry, the members it overrides are looked up in turn.</para>
/// <para>Entries that name nothing in the reference assemblies are harmless: they match nothing.</para>
/// </remarks>
public sealed partial class ModulePolicy
{
    private readonly Dictionary<string, PolicyEntry> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PolicyEntry> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PolicyEntry> _members = new(StringComparer.Ordinal);

    /// <summary>Creates a policy from <paramref name="entries"/>. When two entries have the same id, a ban beats an allow.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or one of them is null.</exception>
    public ModulePolicy(IEnumerable<PolicyEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = new List<PolicyEntry>();
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            list.Add(entry);
            var index = entry.Kind switch { 'N' => _namespaces, 'T' => _types, _ => _members };
            var key = IndexKey(entry);
            if (!index.TryGetValue(key, out var existing) || existing.Allows)
            {
                index[key] = entry;
            }
        }

        Entries = list;
    }

    /// <summary>The entries, in the order given.</summary>
    public IReadOnlyList<PolicyEntry> Entries { get; }

    /// <summary>
    /// Builds a policy from configuration (<c>ServerOptions.BannedApis</c>): each entry in the form
    /// <see cref="PolicyEntry.Parse"/> reads, or <c>@default</c> for all of <see cref="DefaultEntries"/>,
    /// so a list can extend the default instead of copying it.
    /// </summary>
    /// <param name="entries">The entries, or null for <see cref="Default"/>. An empty list bans nothing.</param>
    /// <exception cref="ArgumentException">An entry is null.</exception>
    /// <exception cref="FormatException">An entry is malformed; the message gives its position and text.</exception>
    public static ModulePolicy FromConfig(IEnumerable<string>? entries)
    {
        if (entries is null)
        {
            return Default;
        }

        var parsed = new List<PolicyEntry>();
        var position = 0;
        foreach (var text in entries)
        {
            position++;
            if (text is null)
            {
                throw new ArgumentException("Banned API entry " + position + " is null.", nameof(entries));
            }

            if (text.Trim() == "@default")
            {
                parsed.AddRange(Default.Entries);
                continue;
            }

            try
            {
                parsed.Add(PolicyEntry.Parse(text));
            }
            catch (FormatException ex)
            {
                throw new FormatException("Banned API entry " + position + ": " + ex.Message, ex);
            }
        }

        return new ModulePolicy(parsed);
    }

    /// <summary>
    /// The ban that applies to <paramref name="symbol"/> (a namespace, named type, method, property,
    /// field or event, as its original definition), or null if it is allowed.
    /// </summary>
    internal PolicyEntry? FindBan(ISymbol symbol)
    {
        for (var current = symbol; current is not null; current = Overridden(current))
        {
            var entry = Match(current);
            if (entry is not null)
            {
                return entry.Allows ? null : entry;
            }
        }

        return null;
    }

    private static string IndexKey(PolicyEntry entry) => entry.Kind == 'N' ? entry.Name : entry.Id;

    private PolicyEntry? Match(ISymbol symbol) => symbol switch
    {
        INamespaceSymbol ns => MatchNamespace(ns),
        INamedTypeSymbol type => MatchType(type),
        _ => MatchMember(symbol),
    };

    private PolicyEntry? MatchMember(ISymbol member)
    {
        if (_members.Count > 0 && DocumentationCommentId.CreateDeclarationId(member) is { } id)
        {
            foreach (var key in MemberKeys(id, member))
            {
                if (_members.TryGetValue(key, out var entry))
                {
                    return entry;
                }
            }
        }

        return member.ContainingType is { } type ? MatchType(type) : null;
    }

    private PolicyEntry? MatchType(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && _types.Count > 0; current = current.ContainingType)
        {
            if (DocumentationCommentId.CreateDeclarationId(current) is { } id && _types.TryGetValue(id, out var entry))
            {
                return entry;
            }
        }

        return MatchNamespace(type.ContainingNamespace);
    }

    private PolicyEntry? MatchNamespace(INamespaceSymbol? ns)
    {
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            if (_namespaces.TryGetValue(current.ToDisplayString(), out var entry))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>The ids a member entry may be written as, most specific first.</summary>
    private static IEnumerable<string> MemberKeys(string id, ISymbol member)
    {
        // Roslyn appends "~ReturnType" to method ids; entries are written without it.
        var tilde = id.IndexOf('~', StringComparison.Ordinal);
        var withoutReturn = tilde < 0 ? id : id[..tilde];
        if (tilde >= 0)
        {
            yield return id;
        }

        // A parameterless method's id has no parameter list, like an entry for every overload;
        // "()" is how an entry names that one overload.
        yield return member is IMethodSymbol { Parameters.Length: 0 } ? withoutReturn + "()" : withoutReturn;

        var open = withoutReturn.IndexOf('(', StringComparison.Ordinal);
        var overloads = open < 0 ? withoutReturn : withoutReturn[..open];
        var arity = overloads.IndexOf("``", StringComparison.Ordinal);
        yield return arity < 0 ? overloads : overloads[..arity];
    }

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol method => method.OverriddenMethod?.OriginalDefinition,
        IPropertySymbol property => property.OverriddenProperty?.OriginalDefinition,
        IEventSymbol @event => @event.OverriddenEvent?.OriginalDefinition,
        _ => null,
    };
}
