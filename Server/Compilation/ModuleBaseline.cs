namespace SimpleRpc.Server.Compilation;

/// <summary>
/// What <see cref="ModuleCompiler.CompileAgainst"/> measures a version against: the serving version
/// it replaces (a publish), or only the removed functions it keeps declaring (a restore).
/// </summary>
/// <param name="Version">The serving version's number (for a restore, the version itself).</param>
/// <param name="Source">The serving version's C# source, compared with the new one; null for a
/// restore, where <see cref="Removed"/> is the version's own list, kept as it is.</param>
public sealed record ModuleBaseline(int Version, string? Source)
{
    /// <summary>
    /// The removed functions the serving version's proxy declares (for a restore: the version's
    /// own); a publish carries them on for <see cref="ModuleCompiler.RemovedFunctionVersions"/>
    /// versions and adds those the new version removes.
    /// </summary>
    public IReadOnlyList<RemovedFunction> Removed { get; init; } = [];
}
