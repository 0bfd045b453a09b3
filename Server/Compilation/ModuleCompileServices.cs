using Serilog;

namespace SimpleRpc.Server.Compilation;

/// <summary>Chooses the <see cref="IModuleCompileService"/> the conf asks for (<c>compileIsolation</c>).</summary>
public static class ModuleCompileServices
{
    /// <summary>
    /// A <see cref="Remote.CompileProcessService"/> for <c>compileIsolation: process</c> (the default),
    /// an <see cref="InProcessCompileService"/> for <c>inProcess</c> (case-insensitive).
    /// </summary>
    /// <param name="options">The server's options.</param>
    /// <param name="compiler">The server's compiler (its deadline and policy; with <c>inProcess</c>, the one that compiles).</param>
    /// <param name="log">The server's log.</param>
    /// <exception cref="ArgumentException"><c>compileIsolation</c>, <c>compileRecycleAfter</c>, <c>compileIdleSeconds</c> or <c>compileMemoryLimitMB</c> is out of range.</exception>
    public static IModuleCompileService Create(ServerOptions options, ModuleCompiler compiler, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CompileRecycleAfter < 1)
        {
            throw new ArgumentException($"compileRecycleAfter is {options.CompileRecycleAfter}; it must be at least 1.");
        }

        if (options.CompileIdleSeconds < 0)
        {
            throw new ArgumentException($"compileIdleSeconds is {options.CompileIdleSeconds}; use 0 (never stop the compile process) or more.");
        }

        if (options.CompileMemoryLimitMB < 64)
        {
            throw new ArgumentException($"compileMemoryLimitMB is {options.CompileMemoryLimitMB}; the compiler needs at least 64.");
        }

        return options.CompileIsolation.ToUpperInvariant() switch
        {
            "PROCESS" => new Remote.CompileProcessService(
                compiler,
                options.BannedApis,
                options.CompileRecycleAfter,
                TimeSpan.FromSeconds(options.CompileIdleSeconds),
                options.LogLevel,
                log.ForContext<Remote.CompileProcessService>())
            {
                MemoryLimitMB = options.CompileMemoryLimitMB,
            },
            "INPROCESS" => new InProcessCompileService(compiler, log.ForContext<InProcessCompileService>()),
            _ => throw new ArgumentException($"compileIsolation is '{options.CompileIsolation}'; use \"process\" (the default) or \"inProcess\"."),
        };
    }
}
