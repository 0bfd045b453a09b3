using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SimpleRpc.Server.Compilation;

public sealed partial class ModuleCompiler
{
    /// <summary>
    /// The changes from <paramref name="baseline"/> to the module whose exports are <paramref name="exports"/>.
    /// The baseline is compiled again for its symbols only (nothing is emitted or loaded); a
    /// baseline that no longer compiles (a newer compiler) is not compared, and that is logged.
    /// </summary>
    private IReadOnlyList<SurfaceChange> CompareWith(string moduleName, ModuleBaseline baseline, ModuleExports exports, CancellationToken cancellationToken)
    {
        var before = ReadExports(moduleName, baseline.Source, cancellationToken);
        if (before is null)
        {
            _log.Warning(
                "The serving version v{ModuleVersion} of {ModuleName} no longer compiles; its public surface was not compared with the new one",
                baseline.Version,
                moduleName);
            return [];
        }

        return ModuleSurfaceComparer.Compare(before, exports);
    }

    /// <summary>The exports of <paramref name="source"/> for comparing, or null when it does not compile.</summary>
    internal static ModuleExports? ReadExports(string moduleName, string source, CancellationToken cancellationToken)
    {
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(source), ParseOptions, moduleName + ".cs", cancellationToken);
        var compilation = CSharpCompilation.Create("SimpleRpc.Module." + moduleName + ".baseline", [tree], References, CompilationOptions);

        // Declarations are enough: the bodies are never bound, which keeps this to a few milliseconds.
        if (compilation.GetDeclarationDiagnostics(cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return null;
        }

        var exports = ModuleExportCollector.Collect(compilation, ModuleNames.ToClassName(moduleName));
        return exports.Diagnostics.Count > 0 ? null : exports;
    }
}
