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
    /// <summary>
    /// How the module's public surface changed from the <see cref="ModuleBaseline"/> it was compiled
    /// against (<see cref="ModuleSurfaceComparer"/>); empty without a baseline, on failure, or when
    /// nothing a caller sees changed.
    /// </summary>
    public IReadOnlyList<SurfaceChange> Changes { get; init; } = [];

    /// <summary>The removed functions this version's proxy declares (<see cref="RemovedFunction"/>); empty without a baseline.</summary>
    public IReadOnlyList<RemovedFunction> RemovedFunctions { get; init; } = [];

    /// <summary>True when <see cref="Changes"/> holds a <see cref="SurfaceChangeClass.Breaking"/> change.</summary>
    public bool IsBreaking => Changes.Any(c => c.Class == SurfaceChangeClass.Breaking);

    /// <summary>The errors among <see cref="Diagnostics"/>.</summary>
    public IEnumerable<CompileDiagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
