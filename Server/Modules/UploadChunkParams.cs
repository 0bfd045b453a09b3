using System.Text.Json;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Server.Modules;

/// <summary>
/// The params of <c>simplerpc/upload.chunk</c> as the server reads them: the base64 stays the UTF-8
/// bytes it arrived as (a slice of the request's params), so a 256 KiB chunk is never turned into
/// strings on its way into the upload's buffer.
/// </summary>
/// <param name="UploadId">From the begin's answer.</param>
/// <param name="Index">0-based position of the chunk.</param>
/// <param name="Data">The chunk's base64, as UTF-8 bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the chunk's bytes.</param>
public readonly record struct UploadChunkParams(string UploadId, int Index, ReadOnlyMemory<byte> Data, string Sha256)
{
    /// <summary>
    /// Reads <c>{uploadId, index, data, sha256}</c> from <paramref name="paramsUtf8"/> (member names
    /// in any case, unknown members skipped, as the rest of the protocol binds them).
    /// </summary>
    /// <exception cref="RpcException">Not such an object (code InvalidParams).</exception>
    public static UploadChunkParams Read(ReadOnlyMemory<byte> paramsUtf8)
    {
        string? uploadId = null, sha256 = null;
        var index = 0;
        ReadOnlyMemory<byte> data = default;
        try
        {
            var reader = new Utf8JsonReader(paramsUtf8.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid("params must be an object {uploadId, index, data, sha256}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (name.Equals("data", StringComparison.OrdinalIgnoreCase))
                {
                    // An unescaped string (what every client sends for base64) is a slice of the params
                    // themselves; an escaped one (\/ from some JSON writers) is unescaped once.
                    data = reader.TokenType != JsonTokenType.String ? default
                        : reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!)
                        : paramsUtf8.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                }
                else if (name.Equals("uploadId", StringComparison.OrdinalIgnoreCase))
                {
                    uploadId = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Invalid("uploadId must be a string");
                }
                else if (name.Equals("sha256", StringComparison.OrdinalIgnoreCase))
                {
                    sha256 = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Invalid("sha256 must be a string");
                }
                else if (name.Equals("index", StringComparison.OrdinalIgnoreCase))
                {
                    index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i) ? i : throw Invalid("index must be an integer");
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw Invalid(ex.Message);
        }

        return new UploadChunkParams(uploadId ?? string.Empty, index, data, sha256 ?? string.Empty);
    }

    private static RpcException Invalid(string reason) =>
        new(RpcErrorCodes.InvalidParams, $"Invalid params for simplerpc/upload.chunk: {reason}.");
}
