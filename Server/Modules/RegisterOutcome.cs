namespace SimpleRpc.Server.Modules;

/// <summary>The result of registering a module: the new version, or the compiler's diagnostics.</summary>
public sealed record RegisterOutcome(LoadedModule? Module, IReadOnlyList<string> Diagnostics)
{
    /// <summary>True when the module compiled and now serves calls.</summary>
    public bool Success => Module is not null;
}
