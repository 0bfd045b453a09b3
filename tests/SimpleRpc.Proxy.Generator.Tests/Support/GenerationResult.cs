using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SimpleRpc.Proxy.Generator.Tests.Support;

/// <summary>What one generator run produced.</summary>
/// <param name="Run">The generator's own result: sources, diagnostics, exception.</param>
/// <param name="CompilationDiagnostics">Warnings and errors of inputs plus generated sources compiled together.</param>
internal sealed record GenerationResult(GeneratorRunResult Run, ImmutableArray<Diagnostic> CompilationDiagnostics);
