using Newtonsoft.Json;

namespace SimpleRpc.Protocol.Messages;

/// <summary>A module the server hosts.</summary>
/// <param name="Name">The module's name (its file name without <c>.cs</c>).</param>
/// <param name="Version">Starts at 1; each registration of the same name adds one.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the source file.</param>
/// <param name="Functions">Function signatures, e.g. <c>int Add(int a, int b)</c>.</param>
/// <param name="RegisteredBy">The client that registered it.</param>
/// <param name="RegisteredAt">When it was registered.</param>
/// <param name="Warnings">Compiler warnings, formatted like a compiler prints them.</param>
/// <param name="Changes">How the public surface changed from the version this one replaced, one
/// line each (<c>compatible: function int Sub(int a, int b) added</c>); left out of the JSON when
/// nothing changed or there was no earlier version.</param>
/// <param name="BrokeCompatibility">True when this version was published with <c>breaking</c> over
/// breaking changes; left out of the JSON otherwise.</param>
public sealed record ModuleInfo(
    string Name,
    int Version,
    string Checksum,
    IReadOnlyList<string> Functions,
    string RegisteredBy,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<string>? Warnings = null,
    [property: JsonProperty("changes", NullValueHandling = NullValueHandling.Ignore)] IReadOnlyList<string>? Changes = null,
    [property: JsonProperty("brokeCompatibility", NullValueHandling = NullValueHandling.Ignore)] bool? BrokeCompatibility = null);
