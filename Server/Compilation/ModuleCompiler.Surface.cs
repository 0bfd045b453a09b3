using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SimpleRpc.Server.Compilation;

public sealed partial class ModuleCompiler
{
    /// <summary>
    /// For how many versions a proxy keeps declaring a removed function (marked <c>[RpcRemoved]</c>):
    /// an app last built against one of the last ten versions gets SRPC0011 for a call to it.
    /// </summary>
    public const int RemovedFunctionVersions = 10;

    private static readonly SymbolDisplayFormat KeyFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>
    /// The changes from <paramref name="baseline"/> to the module whose exports are
    /// <paramref name="exports"/>, and the removed functions its proxy declares. The baseline is
    /// compiled again for its symbols only (nothing is emitted or loaded); a baseline that no
    /// longer compiles (a newer compiler) is not compared, and that is logged.
    /// </summary>
    private (IReadOnlyList<SurfaceChange> Changes, IReadOnlyList<RemovedFunction> Removed) CompareWith(
        string moduleName, int version, ModuleBaseline baseline, ModuleExports exports, CancellationToken cancellationToken)
    {
        if (baseline.Source is null)
        {
            return ([], baseline.Removed);
        }

        var carried = baseline.Removed.AsEnumerable();
        var before = ReadExports(moduleName, baseline.Source, cancellationToken);
        if (before is null)
        {
            _log.Warning(
                "The serving version v{ModuleVersion} of {ModuleName} no longer compiles; its public surface was not compared with the new one",
                baseline.Version,
                moduleName);
            return ([], Keep(carried, exports, version));
        }

        var formatter = new ProxyTypeFormatter(before.ModuleAssembly, ProxySourceEmitter.GetClassName(moduleName));
        var removedNow = ModuleSurfaceComparer.RemovedFunctions(before, exports).Select(f => new RemovedFunction(
            ProxyKey(f),
            formatter.Format(f.ReturnType) + " " + ProxyTypeFormatter.Escape(f.Name) + "(" + formatter.FormatParameters(ProxySourceEmitter.ProxyParameters(f), optionalTokens: true) + ")",
            version,
            [.. ModuleTypes(f, before.ModuleAssembly).Distinct(StringComparer.Ordinal)]));
        return (ModuleSurfaceComparer.Compare(before, exports), Keep(removedNow.Concat(carried), exports, version));
    }

    // Recent enough, every type still declared, and no function of the same C# identity again;
    // the newest entry of a key wins.
    private static List<RemovedFunction> Keep(IEnumerable<RemovedFunction> removed, ModuleExports exports, int version)
    {
        var types = exports.DataTypes.Select(DataTypeShape.RuntimeFullName).ToHashSet(StringComparer.Ordinal);
        var keys = exports.Functions.Select(ProxyKey).ToHashSet(StringComparer.Ordinal);
        var kept = new List<RemovedFunction>();
        foreach (var function in removed.OrderByDescending(f => f.RemovedIn))
        {
            if (version - function.RemovedIn < RemovedFunctionVersions && function.Types.All(types.Contains)
                && !keys.Contains(function.Key) && kept.All(k => k.Key != function.Key))
            {
                kept.Add(function);
            }
        }

        return kept;
    }

    private static string ProxyKey(IMethodSymbol function) =>
        function.Name + "(" + string.Join(",", ProxySourceEmitter.ProxyParameters(function).Select(p => p.Type.ToDisplayString(KeyFormat))) + ")";

    private static IEnumerable<string> ModuleTypes(IMethodSymbol function, IAssemblySymbol moduleAssembly) =>
        function.Parameters.Select(p => p.Type).Append(function.ReturnType).SelectMany(t => ModuleTypes(t, moduleAssembly));

    private static IEnumerable<string> ModuleTypes(ITypeSymbol type, IAssemblySymbol moduleAssembly) => type switch
    {
        IArrayTypeSymbol array => ModuleTypes(array.ElementType, moduleAssembly),
        INamedTypeSymbol named when SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, moduleAssembly) => [DataTypeShape.RuntimeFullName(named)],
        INamedTypeSymbol named => named.TypeArguments.SelectMany(t => ModuleTypes(t, moduleAssembly)),
        _ => [],
    };

    /// <summary>The exports of <paramref name="source"/> for comparing, or null when it does not compile.</summary>
    internal static ModuleExports? ReadExports(string moduleName, string source, CancellationToken cancellationToken)
    {
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(source), ParseOptions, moduleName + ".cs", cancellationToken);
        var compilation = CSharpCompilation.Create("SimpleRpc.Module." + moduleName + ".baseline", [tree, ImplicitUsingsTree], References, CompilationOptions);

        // Declarations are enough: the bodies are never bound, which keeps this to a few milliseconds.
        if (compilation.GetDeclarationDiagnostics(cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }

        var exports = ModuleExportCollector.Collect(compilation, ProxySourceEmitter.GetClassName(moduleName));
        return exports.Diagnostics.Count > 0 ? null : exports;
    }
}
