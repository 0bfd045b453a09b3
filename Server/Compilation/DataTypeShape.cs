using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// The data shape of a module data type: the members that travel as JSON. Shared by the export
/// rules (which check the members' types) and the proxy emitter (which declares them).
/// </summary>
internal static class DataTypeShape
{
    /// <summary>
    /// The primary constructor of a positional record, or null. Only records: a class's primary
    /// constructor parameters are not properties, so a class is declared by its properties.
    /// </summary>
    public static IMethodSymbol? PositionalConstructor(INamedTypeSymbol type) => type.IsRecord
        ? type.InstanceConstructors.FirstOrDefault(c =>
            c.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax))
        : null;

    /// <summary>
    /// The public instance properties (not indexers) and fields of <paramref name="type"/>, base
    /// types declared in the module first (inheritance is flattened), each in source order; a
    /// member hidden by a derived one of the same name appears once. Members that a positional
    /// record declares through its primary constructor are left out.
    /// </summary>
    public static IReadOnlyList<ISymbol> Members(INamedTypeSymbol type, IAssemblySymbol moduleAssembly)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var t = type; t is not null && SymbolEqualityComparer.Default.Equals(t.ContainingAssembly, moduleAssembly); t = t.BaseType)
        {
            chain.Insert(0, t);
        }

        var positional = PositionalConstructor(type)?.Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
            ?? [];
        var members = new List<ISymbol>();
        foreach (var declaring in chain)
        {
            foreach (var member in declaring.GetMembers().Where(IsDataMember).OrderBy(SourceOrder))
            {
                if (positional.Contains(member.Name))
                {
                    continue;
                }

                var hidden = members.FindIndex(m => m.Name == member.Name);
                if (hidden >= 0)
                {
                    members[hidden] = member;
                }
                else
                {
                    members.Add(member);
                }
            }
        }

        return members;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is an exception type (derives from <see cref="Exception"/>):
    /// the proxy declares it as an exception, not as data.
    /// </summary>
    public static bool IsException(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } && t.MetadataName == "Exception")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The name the server reports for an exception of <paramref name="type"/> (its
    /// <see cref="Type.FullName"/>: namespace and name, e.g. <c>Samples.OutOfStockException</c>).
    /// </summary>
    public static string RuntimeFullName(INamedTypeSymbol type) => type.ContainingNamespace is { IsGlobalNamespace: false } ns
        ? ns.ToDisplayString() + "." + type.MetadataName
        : type.MetadataName;

    /// <summary>
    /// The public constructors of a class, struct or non-positional record that a proxy can declare
    /// without logic: each parameter names a data member of the same type (case-insensitively),
    /// which the proxy's constructor assigns; a parameterless one is listed too. A positional
    /// record's other constructors are not (they must chain to the primary one).
    /// </summary>
    public static IReadOnlyList<(IMethodSymbol Constructor, IReadOnlyList<ISymbol> Assigns)> Constructors(INamedTypeSymbol type, IReadOnlyList<ISymbol> members)
    {
        var result = new List<(IMethodSymbol, IReadOnlyList<ISymbol>)>();
        if (type.TypeKind == TypeKind.Enum || PositionalConstructor(type) is not null)
        {
            return result;
        }

        foreach (var constructor in type.InstanceConstructors.OrderBy(SourceOrder))
        {
            if (constructor.DeclaredAccessibility != Accessibility.Public || constructor.IsImplicitlyDeclared
                || constructor.Parameters.Any(p => p.RefKind != RefKind.None)
                || (constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type)))
            {
                continue;
            }

            var assigns = new List<ISymbol>();
            foreach (var parameter in constructor.Parameters)
            {
                var member = members.FirstOrDefault(m => string.Equals(m.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
                    && SymbolEqualityComparer.Default.Equals(TypeOf(m), parameter.Type));
                if (member is null)
                {
                    break;
                }

                assigns.Add(member);
            }

            if (assigns.Count == constructor.Parameters.Length)
            {
                result.Add((constructor, assigns));
            }
        }

        return result;
    }

    /// <summary>The type of a member returned by <see cref="Members"/>.</summary>
    public static ITypeSymbol TypeOf(ISymbol member) => member switch
    {
        IPropertySymbol property => property.Type,
        IFieldSymbol field => field.Type,
        _ => throw new ArgumentException("Not a data member: " + member.Name, nameof(member)),
    };

    /// <summary>A key that orders symbols of one module by their position in its file.</summary>
    public static int SourceOrder(ISymbol symbol) =>
        symbol.Locations.FirstOrDefault(l => l.IsInSource)?.SourceSpan.Start ?? int.MaxValue;

    private static bool IsDataMember(ISymbol member) => member switch
    {
        IPropertySymbol p => p.DeclaredAccessibility == Accessibility.Public
            && !p.IsStatic
            && !p.IsIndexer
            && p.GetMethod is { DeclaredAccessibility: Accessibility.Public },
        IFieldSymbol f => f.DeclaredAccessibility == Accessibility.Public
            && !f.IsStatic
            && !f.IsConst
            && !f.IsImplicitlyDeclared,
        _ => false,
    };
}
