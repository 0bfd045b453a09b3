namespace SimpleRpc.Protocol.Messages;

/// <summary>Ends an upload: the server checks the whole file, compiles it and publishes it.</summary>
public sealed record UploadCommit(string UploadId);
