namespace SimpleRpc.Server.Compilation.Remote;

/// <summary>One compile, server → compile process (<see cref="CompileMethods.Compile"/>): the arguments of <see cref="ModuleCompiler.CompileAgainst"/>.</summary>
/// <param name="Setup">The policy and deadline.</param>
/// <param name="ModuleName">The module's name.</param>
/// <param name="Source">The module's C# source.</param>
/// <param name="Version">The version the registry gives it.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the source.</param>
/// <param name="Baseline">The serving version it replaces, or null.</param>
public sealed record CompileRequest(CompileSetup Setup, string ModuleName, string Source, int Version, string Checksum, ModuleBaseline? Baseline);
