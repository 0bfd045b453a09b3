using Newtonsoft.Json;

namespace SimpleRpc.Protocol.Messages;

/// <summary>Starts an upload of module <paramref name="Name"/>.</summary>
/// <param name="Name">The module name: a plain C# identifier.</param>
/// <param name="Size">The file's length in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file.</param>
/// <param name="ChunkCount">How many chunks will follow.</param>
/// <param name="Breaking">True to publish the module even if it breaks the serving version's
/// callers (<c>register &lt;path&gt; --breaking</c>); left out of the JSON when not set, which refuses
/// such a version with <see cref="RpcErrorCodes.BreakingChange"/>.</param>
public sealed record UploadBegin(
    string Name,
    long Size,
    string Sha256,
    int ChunkCount,
    [property: JsonProperty("breaking", NullValueHandling = NullValueHandling.Ignore)] bool? Breaking = null);
