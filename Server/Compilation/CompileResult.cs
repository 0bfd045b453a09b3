namespace SimpleRpc.Server.Compilation;

/// <summary>The outcome of <see cref="ModuleCompiler.Compile"/>.</summary>
/// <param name="Success">True if the module compiled and passed the export rules; then
/// <paramref name="Assembly"/> and <paramref name="ProxySource"/> are set.</param>
/// <param name="Assembly">The PE image with its portable PDB and source embedded, or null on failure.</param>
/// <param name="Diagnostics">The errors and warnings, in source order (warnings are reported on
/// success too).</param>
/// <param name="ProxySource">The headers-only proxy (see <see cref="ProxySourceEmitter"/>), or null on failure.</param>
/// <param name="Functions">The exported functions in declaration order; empty on failure.</param>
public sealed record CompileResult(
    bool Success,
    byte[]? Assembly,
    IReadOnlyList<CompileDiagnostic> Diagnostics,
    string? ProxySource,
    IReadOnlyList<ModuleFunctionInfo> Functions)
{
    /// <summary>The errors among <see cref="Diagnostics"/>.</summary>
    public IEnumerable<CompileDiagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
