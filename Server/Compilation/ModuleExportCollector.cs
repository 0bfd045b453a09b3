using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// Finds a module's functions and data types in its compilation and checks them against the
/// export rules (<see cref="ModuleDiagnosticIds"/>). Stateless and thread-safe.
/// </summary>
/// <remarks>
/// A function is a public, static, non-generic, ordinary method (no accessor, operator or
/// constructor) of a public, non-generic, top-level class; such a class is a function holder.
/// A data type is a public, top-level, non-generic record, non-static class, struct or enum that
/// is not a function holder.
/// </remarks>
internal static partial class ModuleExportCollector
{
    /// <summary>Collects the exports of <paramref name="compilation"/>, whose proxy class is <paramref name="proxyClassName"/>.</summary>
    public static ModuleExports Collect(Microsoft.CodeAnalysis.Compilation compilation, string proxyClassName)
    {
        var functions = new List<IMethodSymbol>();
        var dataTypes = new List<INamedTypeSymbol>();
        foreach (var type in TopLevelTypes(compilation.Assembly.GlobalNamespace).OrderBy(DataTypeShape.SourceOrder))
        {
            if (type.DeclaredAccessibility != Accessibility.Public || type.IsImplicitlyDeclared)
            {
                continue;
            }

            var exported = IsFunctionHolderCandidate(type) ? Functions(type) : [];
            if (exported.Count > 0)
            {
                functions.AddRange(exported);
            }
            else if (IsDataType(type))
            {
                dataTypes.Add(type);
            }
        }

        var exports = new ModuleExports(compilation.Assembly, functions, dataTypes, []) { Compilation = compilation };
        var diagnostics = new List<CompileDiagnostic>();
        if (functions.Count == 0)
        {
            var tree = compilation.SyntaxTrees.First();
            diagnostics.Add(Error(
                ModuleDiagnosticIds.NoFunctions,
                Location.Create(tree, new TextSpan(0, 0)),
                "The module exports no functions: declare a public static method in a public, non-generic, top-level class"));
        }

        CheckSignatures(exports, diagnostics);
        CheckDuplicates(functions, diagnostics);
        CheckDataTypes(exports, diagnostics);
        CheckNames(exports, proxyClassName, diagnostics);
        return exports with { Diagnostics = diagnostics };
    }

    private static bool IsFunctionHolderCandidate(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Class && !type.IsGenericType;

    private static bool IsDataType(INamedTypeSymbol type) => !type.IsGenericType && type.TypeKind switch
    {
        TypeKind.Enum => true,
        TypeKind.Struct => !type.IsRefLikeType,
        TypeKind.Class => !type.IsStatic,
        _ => false,
    };

    private static List<IMethodSymbol> Functions(INamedTypeSymbol type) => type.GetMembers()
        .OfType<IMethodSymbol>()
        .Where(m => m.MethodKind == MethodKind.Ordinary
            && m.IsStatic
            && m.DeclaredAccessibility == Accessibility.Public
            && !m.IsGenericMethod
            && !m.IsImplicitlyDeclared)
        .OrderBy(DataTypeShape.SourceOrder)
        .ToList();

    private static IEnumerable<INamedTypeSymbol> TopLevelTypes(INamespaceSymbol ns)
    {
        foreach (var type in ns.GetTypeMembers())
        {
            yield return type;
        }

        foreach (var child in ns.GetNamespaceMembers())
        {
            foreach (var type in TopLevelTypes(child))
            {
                yield return type;
            }
        }
    }

    private static CompileDiagnostic Error(string id, Location location, string message) =>
        CompileDiagnostic.Create(id, CompileDiagnostic.Error, location, message);

    private static Location LocationOf(ISymbol symbol) =>
        symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;
}
