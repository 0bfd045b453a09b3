using System.Security.Cryptography;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Link;

/// <summary>
/// Uploads a module file to the server: begin (size, SHA-256, chunk count), chunks of base64
/// with their own SHA-256, then commit, which compiles and publishes it. Up to
/// <c>uploadWindow</c> chunks are in flight at once: the next chunk leaves when the oldest is
/// acknowledged, not when the last one is, so the stub encodes while the server decodes.
/// </summary>
public sealed class ModuleUploader
{
    /// <summary>Default of <c>uploadWindow</c>: chunks sent before the first acknowledgement is awaited.</summary>
    public const int DefaultWindow = 4;

    private readonly IServerInvoker _server;
    private readonly int _chunkBytes;
    private readonly int _window;

    /// <summary>Creates an uploader that sends chunks of up to <paramref name="chunkBytes"/> bytes, one at a time.</summary>
    public ModuleUploader(IServerInvoker server, int chunkBytes)
        : this(server, chunkBytes, 1)
    {
    }

    /// <summary>
    /// Creates an uploader that sends chunks of up to <paramref name="chunkBytes"/> bytes with up
    /// to <paramref name="window"/> of them unacknowledged at any time.
    /// </summary>
    public ModuleUploader(IServerInvoker server, int chunkBytes, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _server = server;
        _chunkBytes = Math.Max(1, chunkBytes);
        _window = window;
    }

    /// <summary>The module name a file registers as: its file name without <c>.cs</c>.</summary>
    public static string ModuleNameOf(string path) => Path.GetFileNameWithoutExtension(path);

    /// <summary>Uploads <paramref name="path"/>; <paramref name="progress"/> gets (bytes acknowledged, total).</summary>
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
        var chunkCount = (int)((bytes.Length + (long)_chunkBytes - 1) / _chunkBytes);
        var begin = new UploadBegin(ModuleNameOf(path), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), chunkCount, breaking ? true : null);
        var started = await _server.InvokeAsync<UploadStarted>(Methods.UploadBegin, begin, cancellationToken).ConfigureAwait(false);
        await SendChunksAsync(started!.UploadId, bytes, chunkCount, progress, cancellationToken).ConfigureAwait(false);
        return (await _server.InvokeAsync<ModuleInfo>(Methods.UploadCommit, new UploadCommit(started.UploadId), cancellationToken).ConfigureAwait(false))!;
    }

    // The server handles a connection's chunks in the order they arrive, so several can be on the
    // wire at once; a refused chunk drops the upload, and the chunks behind it are refused too.
    // Every sent chunk is awaited before this returns or throws, so no answer goes unobserved;
    // the first refusal (in chunk order) is the one thrown (ModuleUploaderTests).
    private async Task SendChunksAsync(string uploadId, byte[] bytes, int chunkCount, IProgress<(long Sent, long Total)>? progress, CancellationToken cancellationToken)
    {
        var inFlight = new Queue<(Task<bool> Ack, long End)>(_window);
        Exception? failure = null;
        for (var index = 0; index < chunkCount || inFlight.Count > 0;)
        {
            if (failure is null && index < chunkCount && inFlight.Count < _window)
            {
                var offset = index * _chunkBytes;
                var chunk = bytes.AsSpan(offset, Math.Min(_chunkBytes, bytes.Length - offset));
                var message = new UploadChunk(uploadId, index, Convert.ToBase64String(chunk), Convert.ToHexStringLower(SHA256.HashData(chunk)));
                inFlight.Enqueue((_server.InvokeAsync<bool>(Methods.UploadChunk, message, cancellationToken), offset + (long)chunk.Length));
                index++;
                continue;
            }

            if (inFlight.Count == 0)
            {
                break;
            }

            var (ack, end) = inFlight.Dequeue();
            try
            {
                await ack.ConfigureAwait(false);
                progress?.Report((end, bytes.Length));
            }
            catch (Exception ex) when (failure is null)
            {
                failure = ex;
            }
            catch (Exception)
            {
                // A chunk behind the first refusal: refused because the upload was dropped.
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }
}
