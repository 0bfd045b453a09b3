using System.Security.Cryptography;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Link;

/// <summary>
/// Uploads a module file to the server: begin (size, SHA-256, chunk count), chunks of base64
/// with their own SHA-256, then commit, which compiles and publishes it.
/// </summary>
public sealed class ModuleUploader
{
    private readonly ServerLink _server;
    private readonly int _chunkBytes;

    /// <summary>Creates an uploader that sends chunks of up to <paramref name="chunkBytes"/> bytes.</summary>
    public ModuleUploader(ServerLink server, int chunkBytes)
    {
        _server = server;
        _chunkBytes = chunkBytes;
    }

    /// <summary>The module name a file registers as: its file name without <c>.cs</c>.</summary>
    public static string ModuleNameOf(string path) => Path.GetFileNameWithoutExtension(path);

    /// <summary>Uploads <paramref name="path"/>; <paramref name="progress"/> gets (bytes sent, total).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="RpcException">The server refused the upload or the module did not compile.</exception>
    public Task<ModuleInfo> UploadAsync(string path, IProgress<(long Sent, long Total)>? progress, CancellationToken cancellationToken) =>
        UploadAsync(path, breaking: false, progress, cancellationToken);

    /// <summary>
    /// Uploads <paramref name="path"/>; with <paramref name="breaking"/>, the server publishes it even
    /// if it breaks the serving version's callers (else it refuses with <see cref="RpcErrorCodes.BreakingChange"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="RpcException">The server refused the upload, the module did not compile, or it would break callers.</exception>
    public async Task<ModuleInfo> UploadAsync(string path, bool breaking, IProgress<(long Sent, long Total)>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No file at '{Path.GetFullPath(path)}'.", path);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var chunkBytes = Math.Max(1, _chunkBytes);
        var chunkCount = (int)((bytes.Length + (long)chunkBytes - 1) / chunkBytes);
        var begin = new UploadBegin(ModuleNameOf(path), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), chunkCount, breaking ? true : null);
        var started = await _server.InvokeAsync<UploadStarted>(Methods.UploadBegin, begin, cancellationToken).ConfigureAwait(false);
        for (var index = 0; index < chunkCount; index++)
        {
            var chunk = bytes.AsMemory(index * chunkBytes, Math.Min(chunkBytes, bytes.Length - (index * chunkBytes)));
            var message = new UploadChunk(started!.UploadId, index, Convert.ToBase64String(chunk.Span), Convert.ToHexStringLower(SHA256.HashData(chunk.Span)));
            await _server.InvokeAsync<bool>(Methods.UploadChunk, message, cancellationToken).ConfigureAwait(false);
            progress?.Report(((index * (long)chunkBytes) + chunk.Length, bytes.Length));
        }

        return (await _server.InvokeAsync<ModuleInfo>(Methods.UploadCommit, new UploadCommit(started!.UploadId), cancellationToken).ConfigureAwait(false))!;
    }
}
