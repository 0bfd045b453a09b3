namespace SimpleRpc.Server.Compilation;

/// <summary>
/// Compiles modules for the registry: in the server's own process (<see cref="InProcessCompileService"/>)
/// or in a recycled compile process (<see cref="Remote.CompileProcessService"/>), chosen by
/// <c>compileIsolation</c>. Either way the result is what <see cref="ModuleCompiler.CompileAgainst"/> returns.
/// </summary>
/// <remarks>Thread-safe. A compile never throws for bad source, a deadline or a lost compile process: those come back as a failed <see cref="CompileResult"/>.</remarks>
public interface IModuleCompileService : IAsyncDisposable
{
    /// <summary>How long one compile may take (<c>compileTimeoutSeconds</c>).</summary>
    TimeSpan Timeout { get; }

    /// <summary>A fingerprint of the policy modules are checked against (<see cref="ModuleCompiler.PolicyVersion"/>), stored beside compiled bytes.</summary>
    string PolicyVersion { get; }

    /// <summary>
    /// Compiles <paramref name="source"/> as version <paramref name="version"/> of <paramref name="moduleName"/>
    /// and compares its surface with <paramref name="baseline"/> (<see cref="ModuleCompiler.CompileAgainst"/>).
    /// Past <see cref="Timeout"/> the module is refused with <see cref="ModuleDiagnosticIds.CompileTimedOut"/>.
    /// </summary>
    /// <param name="moduleName">The module's name.</param>
    /// <param name="source">The module's C# source.</param>
    /// <param name="version">The version the registry gives it.</param>
    /// <param name="checksum">Lower-case hex SHA-256 of the source.</param>
    /// <param name="baseline">The serving version it replaces, or null.</param>
    /// <param name="cancellationToken">Stops waiting for the compile (it throws).</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<CompileResult> CompileAsync(string moduleName, string source, int version, string checksum, ModuleBaseline? baseline, CancellationToken cancellationToken);

    /// <summary>
    /// Warms the compiler so the first upload does not pay its JIT cost (<see cref="ModuleCompiler.Warm"/>):
    /// in the compile process when there is one. Never throws for a slow or failed warm-up: it is only an optimisation.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task WarmAsync(CancellationToken cancellationToken);
}
