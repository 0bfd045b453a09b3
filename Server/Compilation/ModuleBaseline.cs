namespace SimpleRpc.Server.Compilation;

/// <summary>
/// The serving version of a module that a new version replaces: what
/// <see cref="ModuleCompiler.CompileAgainst"/>
/// compares the new one with.
/// </summary>
/// <param name="Version">The serving version's number.</param>
/// <param name="Source">The serving version's C# source.</param>
public sealed record ModuleBaseline(int Version, string Source);
