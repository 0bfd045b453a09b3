namespace SimpleRpc.Protocol.Messages;

/// <summary>A module the server hosts.</summary>
/// <param name="Name">The module's name (its file name without <c>.cs</c>).</param>
/// <param name="Version">Starts at 1; each registration of the same name adds one.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the source file.</param>
/// <param name="Functions">Function signatures, e.g. <c>int Add(int a, int b)</c>.</param>
/// <param name="RegisteredBy">The client that registered it.</param>
/// <param name="RegisteredAt">When it was registered.</param>
/// <param name="Warnings">Compiler warnings, formatted like a compiler prints them.</param>
public sealed record ModuleInfo(
    string Name,
    int Version,
    string Checksum,
    IReadOnlyList<string> Functions,
    string RegisteredBy,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<string>? Warnings = null);
