using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SimpleRpc.Proxy.Generator.Analysis;

namespace SimpleRpc.Proxy.Generator.Tests.Support;

/// <summary>
/// Runs the real <see cref="ProxyContractAnalyzer"/> through <see cref="CompilationWithAnalyzers"/>
/// over a compilation that already holds the generator's output, as an app's build does.
/// </summary>
internal static class AnalyzerHarness
{
    /// <summary>The analyzer's diagnostics, and the compilation they came from (unsafe code allowed, for pointer cases).</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, Compilation Compilation)> AnalyzeAsync(params (string Path, string Text)[] sources)
    {
        var input = GeneratorHarness.CreateCompilation(sources);
        input = input.WithOptions(input.Options.WithAllowUnsafe(true));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out var app, out _);
        var withAnalyzers = app.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ProxyContractAnalyzer()));

        // An analyzer that throws shows up as AD0001 here, so callers see it as an unexpected ID.
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        return (diagnostics, app);
    }
}
