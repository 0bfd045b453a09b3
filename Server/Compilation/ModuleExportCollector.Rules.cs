using Microsoft.CodeAnalysis;

namespace SimpleRpc.Server.Compilation;

/// <summary>The export rules that <see cref="ModuleExportCollector.Collect"/> checks.</summary>
internal static partial class ModuleExportCollector
{
    private static readonly SymbolDisplayFormat MessageFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

    private static void CheckSignatures(ModuleExports exports, List<CompileDiagnostic> diagnostics)
    {
        foreach (var function in exports.Functions)
        {
            if (function.IsVararg)
            {
                diagnostics.Add(Error(
                    ModuleDiagnosticIds.UnsupportedParameter,
                    LocationOf(function),
                    "Function '" + function.Name + "' takes __arglist, which a remote call cannot pass; take a params array instead"));
            }

            foreach (var parameter in function.Parameters)
            {
                if (parameter.RefKind != RefKind.None || CannotTravel(parameter.Type))
                {
                    diagnostics.Add(Error(
                        ModuleDiagnosticIds.UnsupportedParameter,
                        LocationOf(parameter),
                        "Parameter '" + parameter.Name + "' of function '" + function.Name + "' cannot be passed by a remote call: ref, out, in, pointer and ref struct parameters are not supported"));
                }

                CheckModuleTypes(parameter.Type, exports, LocationOf(parameter), diagnostics);
            }

            if (function.ReturnsByRef || function.ReturnsByRefReadonly || CannotTravel(function.ReturnType))
            {
                diagnostics.Add(Error(
                    ModuleDiagnosticIds.UnsupportedReturnType,
                    LocationOf(function),
                    "Function '" + function.Name + "' cannot return its result to a remote caller: ref returns, pointers and ref structs are not supported"));
            }

            CheckModuleTypes(function.ReturnType, exports, LocationOf(function), diagnostics);
        }
    }

    private static void CheckDuplicates(List<IMethodSymbol> functions, List<CompileDiagnostic> diagnostics)
    {
        foreach (var group in functions.GroupBy(f => (f.Name, f.Parameters.Length)))
        {
            var first = group.First();
            foreach (var other in group.Where(f => !SymbolEqualityComparer.Default.Equals(f.ContainingType, first.ContainingType)))
            {
                diagnostics.Add(Error(
                    ModuleDiagnosticIds.DuplicateFunction,
                    LocationOf(other),
                    "Function '" + other.Name + "' with " + group.Key.Length + " parameter(s) is declared in both '" + first.ContainingType.Name + "' and '" + other.ContainingType.Name + "'; rename one or give them different parameter counts"));
            }
        }
    }

    private static void CheckDataTypes(ModuleExports exports, List<CompileDiagnostic> diagnostics)
    {
        foreach (var type in exports.DataTypes.Where(t => t.TypeKind != TypeKind.Enum))
        {
            var positional = DataTypeShape.PositionalConstructor(type)?.Parameters ?? [];
            foreach (var parameter in positional)
            {
                CheckModuleTypes(parameter.Type, exports, LocationOf(parameter), diagnostics);
            }

            foreach (var member in DataTypeShape.Members(type, exports.ModuleAssembly))
            {
                CheckModuleTypes(DataTypeShape.TypeOf(member), exports, LocationOf(member), diagnostics);
            }
        }
    }

    private static void CheckNames(ModuleExports exports, string proxyClassName, List<CompileDiagnostic> diagnostics)
    {
        foreach (var group in exports.DataTypes.GroupBy(t => t.Name).Where(g => g.Count() > 1))
        {
            foreach (var type in group.Skip(1))
            {
                diagnostics.Add(Error(
                    ModuleDiagnosticIds.ProxyNameConflict,
                    LocationOf(type),
                    "Data type '" + type.ToDisplayString(MessageFormat) + "' has the same name as '" + group.First().ToDisplayString(MessageFormat) + "'; the proxy nests all of a module's data types in one class"));
            }
        }

        // Data types are nested in the proxy class beside the functions and their ...Async twins,
        // so a type may not share a name with any of them (the app's build would fail with CS0102).
        var memberNames = exports.Functions.SelectMany(f => new[] { f.Name, f.Name + "Async" }).ToHashSet(StringComparer.Ordinal);
        foreach (var type in exports.DataTypes.Where(t => memberNames.Contains(t.Name)))
        {
            diagnostics.Add(Error(
                ModuleDiagnosticIds.ProxyNameConflict,
                LocationOf(type),
                "Data type '" + type.Name + "' has the name of a function (or of a function's Async twin); the proxy nests data types beside the functions, so rename one of them"));
        }

        var clashes = exports.DataTypes.Cast<ISymbol>().Concat(exports.Functions).Where(s => s.Name == proxyClassName);
        foreach (var symbol in clashes)
        {
            diagnostics.Add(Error(
                ModuleDiagnosticIds.ProxyNameConflict,
                LocationOf(symbol),
                "'" + symbol.Name + "' has the name of the module's proxy class '" + proxyClassName + "'; rename it"));
        }
    }

    private static void CheckModuleTypes(ITypeSymbol type, ModuleExports exports, Location location, List<CompileDiagnostic> diagnostics)
    {
        // One report per signature position: a nested type would otherwise be reported again
        // through its containing type.
        var offender = Walk(type).OfType<INamedTypeSymbol>().FirstOrDefault(named =>
            SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, exports.ModuleAssembly)
            && !exports.DataTypes.Contains(named.OriginalDefinition, SymbolEqualityComparer.Default));
        if (offender is not null)
        {
            diagnostics.Add(Error(
                ModuleDiagnosticIds.UnsupportedModuleType,
                location,
                "Type '" + offender.ToDisplayString(MessageFormat) + "' cannot travel as a data type: only public, top-level, non-generic records, classes, structs and enums that declare no public static methods can"));
            return;
        }

        // The proxy declares a module's exception type as an exception (RemoteInvocationException),
        // which arrives when thrown but cannot be a value in JSON.
        var exception = Walk(type).OfType<INamedTypeSymbol>().FirstOrDefault(named =>
            SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, exports.ModuleAssembly) && DataTypeShape.IsException(named));
        if (exception is not null)
        {
            diagnostics.Add(Error(
                ModuleDiagnosticIds.UnsupportedModuleType,
                location,
                "Type '" + exception.OriginalDefinition.ToDisplayString(MessageFormat) + "' is an exception type, which cannot travel as a value (parameter, result or data member): throw it, and return a record with what the caller needs"));
        }
    }

    /// <summary>The type and every type it is built from (array elements, type arguments, containing types).</summary>
    internal static IEnumerable<ITypeSymbol> Walk(ITypeSymbol type)
    {
        yield return type;
        var parts = type switch
        {
            IArrayTypeSymbol array => [array.ElementType],
            IPointerTypeSymbol pointer => [pointer.PointedAtType],
            INamedTypeSymbol named => named.TypeArguments.AsEnumerable()
                .Concat(named.ContainingType is { } outer ? [outer] : []),
            _ => [],
        };
        foreach (var inner in parts.SelectMany(Walk))
        {
            yield return inner;
        }
    }

    private static bool CannotTravel(ITypeSymbol type) =>
        type is IPointerTypeSymbol or IFunctionPointerTypeSymbol || type.IsRefLikeType;
}
