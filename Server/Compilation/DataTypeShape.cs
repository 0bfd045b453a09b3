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
