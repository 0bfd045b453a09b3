using Microsoft.CodeAnalysis;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// What a compiled module exports, as symbols of its compilation. Lives only for the duration of
/// one <see cref="ModuleCompiler.Compile"/>; nothing keeps symbols after it.
/// </summary>
/// <param name="ModuleAssembly">The module's own assembly symbol: a type in it is a module type.</param>
/// <param name="Functions">The exported functions in source order.</param>
/// <param name="DataTypes">The data types the proxy declares, in source order.</param>
/// <param name="Diagnostics">Violations of the export rules (all errors).</param>
internal sealed record ModuleExports(
    IAssemblySymbol ModuleAssembly,
    IReadOnlyList<IMethodSymbol> Functions,
    IReadOnlyList<INamedTypeSymbol> DataTypes,
    IReadOnlyList<CompileDiagnostic> Diagnostics)
{
    /// <summary>
    /// The module's compilation, for reading what symbols do not say (a member's initializer
    /// expression); null only for exports made without one.
    /// </summary>
    public Microsoft.CodeAnalysis.Compilation? Compilation { get; init; }
}
