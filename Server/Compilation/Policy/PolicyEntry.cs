namespace SimpleRpc.Server.Compilation.Policy;

/// <summary>
/// One line of a <see cref="ModulePolicy"/>: a namespace, type or member, in the documentation-id
/// form BannedApiAnalyzers uses, that modules may not use (or, with <see cref="Allows"/>, may).
/// </summary>
/// <remarks>
/// The text form is <c>[!]K:Name[;reason]</c>, where K is
/// <c>N</c> (a namespace and every namespace under it), <c>T</c> (a type and its nested types, with
/// <c>`n</c> for generic arity: <c>T:System.Buffers.ArrayPool`1</c>),
/// <c>M</c> (a method or constructor <c>#ctor</c>), <c>P</c> (a property or indexer <c>Item</c>),
/// <c>F</c> (a field or enum member) or <c>E</c> (an event).
/// A member without a parameter list means every overload; <c>M:System.IO.StreamReader.#ctor(System.String)</c>
/// names one, and <c>()</c> names the parameterless one. A leading <c>!</c> makes an exception to a
/// broader ban (see <see cref="ModulePolicy"/> for which entry wins).
/// </remarks>
/// <param name="Id">The documentation id, such as <c>M:System.Environment.Exit</c>.</param>
/// <param name="Reason">Why the API is banned; shown in the diagnostic. Informational for an allow entry.</param>
/// <param name="Allows">True for an exception (<c>!</c>) that allows what a broader entry bans.</param>
public sealed record PolicyEntry(string Id, string Reason, bool Allows)
{
    /// <summary>The reason given to a ban written without one.</summary>
    public const string DefaultReason = "banned by the server's module policy";

    private const string Kinds = "NTMPFE";

    private const string Expected =
        "expected N:Namespace, T:Type, M:Type.Method, P:Type.Property, F:Type.Field or E:Type.Event, optionally followed by ;reason, with a leading ! to allow instead of ban";

    /// <summary>The kind letter: <c>N</c>, <c>T</c>, <c>M</c>, <c>P</c>, <c>F</c> or <c>E</c>.</summary>
    public char Kind => Id[0];

    /// <summary>The name after the kind, such as <c>System.Environment.Exit</c>.</summary>
    public string Name => Id[2..];

    /// <summary>Formats the entry in the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => (Allows ? "!" : string.Empty) + Id + (Reason.Length == 0 ? string.Empty : ";" + Reason);

    /// <summary>Parses one entry written <c>[!]K:Name[;reason]</c>.</summary>
    /// <param name="text">The entry; surrounding white space is ignored.</param>
    /// <returns>The entry; a ban without a reason gets <see cref="DefaultReason"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">The entry is not in that form; the message quotes it and says what is wrong.</exception>
    public static PolicyEntry Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var allows = trimmed.StartsWith('!');
        var body = allows ? trimmed[1..].TrimStart() : trimmed;
        var semicolon = body.IndexOf(';', StringComparison.Ordinal);
        var id = (semicolon < 0 ? body : body[..semicolon]).Trim();
        var reason = semicolon < 0 ? string.Empty : body[(semicolon + 1)..].Trim();

        var problem = Problem(id);
        if (problem is not null)
        {
            throw new FormatException("Policy entry '" + text + "' is not valid: " + problem + "; " + Expected + ".");
        }

        return new PolicyEntry(id, reason.Length == 0 && !allows ? DefaultReason : reason, allows);
    }

    private static string? Problem(string id)
    {
        if (id.Length == 0)
        {
            return "it names nothing";
        }

        if (id.Length < 3 || id[1] != ':' || !Kinds.Contains(id[0], StringComparison.Ordinal))
        {
            return "it does not start with a kind letter and a colon";
        }

        var name = id[2..];
        if (name.Any(char.IsWhiteSpace))
        {
            return "the name contains white space";
        }

        var open = name.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0 && (id[0] is 'N' or 'T' or 'F' or 'E'))
        {
            return "only M: and P: entries take a parameter list";
        }

        var head = open < 0 ? name : name[..open];
        if (head.Length == 0 || head.StartsWith('.') || head.EndsWith('.') || head.Contains("..", StringComparison.Ordinal))
        {
            return "the name is not a dotted name";
        }

        if (id[0] is not 'N' and not 'T' && !head.Contains('.', StringComparison.Ordinal))
        {
            return "a member must be qualified by its type";
        }

        return open >= 0 && (!name.EndsWith(')') || name.IndexOf(')', StringComparison.Ordinal) != name.Length - 1)
            ? "the parameter list is not closed at the end"
            : null;
    }
}
