using Serilog;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// <c>compileIsolation: inProcess</c>: compiles with a <see cref="ModuleCompiler"/> inside the server,
/// off the caller's thread. Roslyn's JIT code and heaps stay in the server for good.
/// </summary>
/// <param name="compiler">The compiler.</param>
/// <param name="log">Where a compile that does not stop at its deadline is logged.</param>
public sealed class InProcessCompileService(ModuleCompiler compiler, ILogger log) : IModuleCompileService
{
    // How long past its deadline a compile may take to notice it before the registry stops waiting.
    private static readonly TimeSpan CompileGrace = TimeSpan.FromSeconds(5);

    /// <summary>The compiler this service runs.</summary>
    public ModuleCompiler Compiler { get; } = compiler ?? throw new ArgumentNullException(nameof(compiler));

    /// <inheritdoc/>
    public TimeSpan Timeout => Compiler.Timeout;

    /// <inheritdoc/>
    public string PolicyVersion => Compiler.PolicyVersion;

    /// <inheritdoc/>
    public async Task<CompileResult> CompileAsync(string moduleName, string source, int version, string checksum, ModuleBaseline? baseline, CancellationToken cancellationToken)
    {
        // The compiler stops itself at its deadline; should a phase of it not look at its token,
        // the upload (or the start-up) still gets its answer a little later, and the thread is
        // left to finish on its own (in-process work cannot be stopped).
        var compile = Task.Run(() => Compiler.CompileAgainst(moduleName, source, version, checksum, baseline, cancellationToken), cancellationToken);
        try
        {
            return await compile.WaitAsync(Compiler.Timeout + CompileGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            log.Error("Compile of {ModuleName} v{ModuleVersion} did not stop at its deadline of {Seconds} s (compileTimeoutSeconds); the module is refused and the compile is left to end on its own", moduleName, version, Compiler.Timeout.TotalSeconds);
            return Compiler.TimedOutResult(moduleName);
        }
    }

    /// <inheritdoc/>
    public Task WarmAsync(CancellationToken cancellationToken) => Task.Run(Compiler.Warm, cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
