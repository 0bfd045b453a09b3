namespace SimpleRpc.Protocol.Messages;

/// <summary>One piece of an upload, in order from 0.</summary>
/// <param name="UploadId">From <see cref="UploadStarted"/>.</param>
/// <param name="Index">0-based position; chunks must arrive in order.</param>
/// <param name="Data">The bytes, base64.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of this chunk's bytes.</param>
public sealed record UploadChunk(string UploadId, int Index, string Data, string Sha256);
