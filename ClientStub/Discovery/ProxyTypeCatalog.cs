using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// The proxies read from one proxy folder, so that a type name in any of them can be resolved:
/// to a module's data type (<c>global::SimpleRpc.Proxies.Geometry.Point</c>) or to a .NET type
/// (<c>global::System.Guid</c>). Immutable after construction; safe to share between threads.
/// </summary>
internal sealed class ProxyTypeCatalog
{
    /// <summary>The namespace every proxy class is declared in.</summary>
    public const string ProxyNamespace = "SimpleRpc.Proxies";

    private readonly Dictionary<string, ProxyModule> _byClass;

    /// <summary>Creates a catalog of <paramref name="modules"/>, ordered by module name.</summary>
    public ProxyTypeCatalog(IEnumerable<ProxyModule> modules)
    {
        Modules = modules.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        _byClass = Modules.GroupBy(m => m.ClassName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>The modules, ordered by name.</summary>
    public IReadOnlyList<ProxyModule> Modules { get; }

    /// <summary>Resolves <paramref name="name"/> as written in <paramref name="current"/>'s proxy.</summary>
    public ResolvedTypeName Resolve(NameSyntax name, ProxyModule current)
    {
        var segments = new List<string>();
        var arguments = Flatten(name, segments);
        var simple = segments[^1];
        var full = string.Join('.', segments) + (arguments.Count > 0 ? "`" + arguments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);

        // The emitter spells module types global::SimpleRpc.Proxies.<Class>.<Type>; a simple or
        // class-qualified name is accepted too, for proxies written by hand.
        var owner = segments.Count switch
        {
            1 => current,
            2 => _byClass.GetValueOrDefault(segments[0]),
            _ when string.Join('.', segments.Take(segments.Count - 2)) == ProxyNamespace => _byClass.GetValueOrDefault(segments[^2]),
            _ => null,
        };
        var dataType = arguments.Count == 0 ? owner?.DataTypes.FirstOrDefault(t => t.Name == simple) : null;
        return new ResolvedTypeName(full, simple, arguments, dataType is null ? null : owner, dataType);
    }

    /// <summary>Whether values of <paramref name="type"/> are never null unless written <c>T?</c>.</summary>
    public bool IsValueType(TypeSyntax type, ProxyModule current) => type switch
    {
        PredefinedTypeSyntax predefined => !predefined.Keyword.IsKind(SyntaxKind.StringKeyword) && !predefined.Keyword.IsKind(SyntaxKind.ObjectKeyword),
        TupleTypeSyntax => true,
        NullableTypeSyntax nullable => IsValueType(nullable.ElementType, current),
        NameSyntax name when Resolve(name, current) is { } resolved =>
            resolved.DataType?.IsValueType ?? ClrTypes.Find(resolved.FullName)?.IsValueType ?? false,
        _ => false,
    };

    /// <summary>Whether <paramref name="type"/> is a <c>CancellationToken</c>, which the server supplies and no caller sends.</summary>
    public bool IsCancellationToken(TypeSyntax type, ProxyModule current) =>
        type is NameSyntax name && Resolve(name, current).FullName == "System.Threading.CancellationToken";

    private static IReadOnlyList<TypeSyntax> Flatten(NameSyntax name, List<string> segments)
    {
        switch (name)
        {
            case QualifiedNameSyntax qualified:
                Flatten(qualified.Left, segments);
                return Flatten(qualified.Right, segments);
            case AliasQualifiedNameSyntax alias:
                return Flatten(alias.Name, segments);
            case GenericNameSyntax generic:
                segments.Add(generic.Identifier.ValueText);
                return generic.TypeArgumentList.Arguments;
            case SimpleNameSyntax simple:
                segments.Add(simple.Identifier.ValueText);
                return [];
            default:
                segments.Add(name.ToString());
                return [];
        }
    }
}
