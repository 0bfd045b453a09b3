using SimpleRpc.Server.Compilation;

namespace SimpleRpc.Server.Modules;

/// <summary>The result of registering a module: the new version, or the compiler's diagnostics, or the breaking changes that stopped it.</summary>
public sealed record RegisterOutcome(LoadedModule? Module, IReadOnlyList<string> Diagnostics)
{
    /// <summary>True when the module compiled and now serves calls.</summary>
    public bool Success => Module is not null;

    /// <summary>How the public surface changed from the serving version (breaking ones first); empty for a first version.</summary>
    public IReadOnlyList<SurfaceChange> Changes { get; init; } = [];

    /// <summary>
    /// True when the module compiled but was not published because it breaks the serving
    /// version's callers and the upload did not allow that; <see cref="Changes"/> says how.
    /// </summary>
    public bool RefusedAsBreaking { get; init; }

    /// <summary>The version that keeps serving when <see cref="RefusedAsBreaking"/>, else 0.</summary>
    public int ServingVersion { get; init; }
}
