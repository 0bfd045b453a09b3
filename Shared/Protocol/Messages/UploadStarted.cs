namespace SimpleRpc.Protocol.Messages;

/// <summary>The server's answer to <see cref="UploadBegin"/>.</summary>
/// <param name="UploadId">Names the upload in its chunks and commit.</param>
/// <param name="MaxChunkBytes">The largest chunk (decoded bytes) the server accepts.</param>
public sealed record UploadStarted(string UploadId, int MaxChunkBytes);
