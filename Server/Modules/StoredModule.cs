namespace SimpleRpc.Server.Modules;

/// <summary>
/// One module as <see cref="ModuleStore"/> keeps it on disk: the source the server compiled, who
/// registered which version when, and optionally the compiled bytes, so a restart can load them
/// instead of recompiling.
/// </summary>
/// <param name="Name">The module's name, a plain C# identifier (also its folder's name).</param>
/// <param name="Version">The version the registry gave this upload; zero or more.</param>
/// <param name="Checksum">The module's checksum as the registry and the proxies carry it (lower-case
/// hex SHA-256 of the uploaded file). The store keeps it as given; it checks the source file against
/// a hash of its own.</param>
/// <param name="Source">The module's C# source. Stored as UTF-8 without a byte order mark.</param>
/// <param name="RegisteredBy">The client that registered this version.</param>
/// <param name="RegisteredAt">When this version was registered.</param>
/// <param name="Assembly">The compiled PE image, or null (never compiled, or dropped on load because
/// <c>module.dll</c> did not match its manifest: the caller recompiles).</param>
/// <param name="CompilerVersion">The compiler that produced <paramref name="Assembly"/> (the registry
/// stores <see cref="Compilation.ModuleCompiler.BuildVersion"/>), or null. The caller decides whether
/// bytes from another compiler are still acceptable.</param>
/// <param name="PolicyVersion">The fingerprint of the module policy the bytes were checked against, or null.</param>
/// <param name="ProxySource">The proxy emitted with <paramref name="Assembly"/>, or null (never given, or
/// dropped on load because <c>proxy.cs</c> did not match its manifest).</param>
/// <param name="Warnings">The compile's warnings as the uploader saw them, or null.</param>
/// <remarks>Record equality compares <paramref name="Assembly"/> by reference, as for any array.</remarks>
public sealed record StoredModule(
    string Name,
    int Version,
    string Checksum,
    string Source,
    string RegisteredBy,
    DateTimeOffset RegisteredAt,
    byte[]? Assembly,
    string? CompilerVersion,
    string? PolicyVersion = null,
    string? ProxySource = null,
    IReadOnlyList<string>? Warnings = null)
{
    /// <summary>How this version's public surface changed from the one it replaced, one line each; null when nothing did.</summary>
    public IReadOnlyList<string>? Changes { get; init; }

    /// <summary>True when this version was published over breaking changes (<c>register --breaking</c>).</summary>
    public bool BrokeCompatibility { get; init; }

    /// <summary>The removed functions this version's proxy declares (<see cref="Compilation.RemovedFunction"/>).</summary>
    public IReadOnlyList<Compilation.RemovedFunction> RemovedFunctions { get; init; } = [];
}
