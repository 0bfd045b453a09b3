using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;

namespace SimpleRpc.Server.Modules;

/// <summary>
/// Collects the chunks of module uploads in memory and checks them: order, each chunk's
/// SHA-256, the total size and the whole file's SHA-256. Nothing reaches the registry until
/// the commit verifies. Thread-safe; one upload's chunks are expected one at a time.
/// </summary>
public sealed class UploadAssembler
{
    private readonly ConcurrentDictionary<string, Upload> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _uploadByModule = new(StringComparer.Ordinal);
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private long _lastId;

    /// <summary>Creates an assembler with the limits in <paramref name="options"/>.</summary>
    public UploadAssembler(ServerOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Raised when an upload is dropped because it stayed open past uploadTimeoutSeconds (module name, owner).</summary>
    public event Action<string, string>? Expired;

    /// <summary>Uploads open right now.</summary>
    public int OpenCount => _uploads.Count;

    /// <summary>Opens an upload for <paramref name="owner"/>.</summary>
    /// <exception cref="RpcException">The request breaks a limit or a rule (code UploadRefused).</exception>
    public UploadStarted Begin(UploadBegin request, string owner)
    {
        try
        {
            ModuleRules.ValidateName(request.Name);
        }
        catch (ArgumentException ex)
        {
            throw Refused(ex.Message);
        }

        if (request.Size <= 0 || request.Size > _options.MaxModuleBytes)
        {
            throw Refused($"The module is {request.Size} bytes; the limit is {_options.MaxModuleBytes} bytes (maxModuleBytes).");
        }

        var expectedChunks = (request.Size + _options.MaxChunkBytes - 1) / _options.MaxChunkBytes;
        if (request.ChunkCount < expectedChunks || request.ChunkCount > request.Size)
        {
            throw Refused($"{request.ChunkCount} chunks cannot carry {request.Size} bytes with chunks of at most {_options.MaxChunkBytes} bytes (maxChunkBytes).");
        }

        if (request.Sha256 is not { Length: 64 } || !request.Sha256.All(char.IsAsciiHexDigitLower))
        {
            throw Refused("sha256 must be 64 lower-case hex digits.");
        }

        DropExpired();
        if (_uploads.Count >= _options.MaxOpenUploads)
        {
            throw Refused($"Too many uploads are open; the limit is {_options.MaxOpenUploads} (maxOpenUploads). Try again shortly.");
        }

        // One upload per module name at a time: of two clients uploading the same name at once,
        // exactly one gets to commit, and bytes of the two can never mix.
        var id = "u" + Interlocked.Increment(ref _lastId).ToString(CultureInfo.InvariantCulture);
        if (!_uploadByModule.TryAdd(request.Name, id))
        {
            throw Refused($"Another upload of '{request.Name}' is in progress; try again when it has finished.");
        }

        _uploads[id] = new Upload(id, request, owner, _time.GetTimestamp());
        return new UploadStarted(id, _options.MaxChunkBytes);
    }

    /// <summary>Adds a chunk; any error drops the whole upload.</summary>
    /// <exception cref="RpcException">Out of order, a bad checksum or too many bytes (code UploadRefused).</exception>
    public void AddChunk(UploadChunk chunk, string owner) =>
        AddChunk(new UploadChunkParams(chunk.UploadId, chunk.Index, Encoding.UTF8.GetBytes(chunk.Data ?? string.Empty), chunk.Sha256), owner);

    /// <summary>
    /// Adds a chunk read straight from the request's UTF-8 params (<see cref="UploadChunkParams.Read"/>):
    /// its base64 is decoded into the upload's buffer, with no string made of it. Any error drops the whole upload.
    /// </summary>
    /// <exception cref="RpcException">Out of order, a bad checksum or too many bytes (code UploadRefused).</exception>
    public void AddChunk(UploadChunkParams chunk, string owner)
    {
        var upload = Take(chunk.UploadId, owner, remove: false);
        try
        {
            if (chunk.Index != upload.NextIndex)
            {
                throw Refused($"Chunk {chunk.Index} arrived where chunk {upload.NextIndex} was expected; chunks must come in order, each once.");
            }

            var base64 = Base64Text.WithoutWhitespace(chunk.Data.Span);
            var length = Base64Text.DecodedLength(base64) ?? throw Refused($"Chunk {chunk.Index} is not valid base64.");
            if (length == 0 || length > _options.MaxChunkBytes)
            {
                throw Refused($"Chunk {chunk.Index} has {length} bytes; chunks carry 1 to {_options.MaxChunkBytes} bytes (maxChunkBytes).");
            }

            if (upload.Received + length > upload.Request.Size || upload.NextIndex >= upload.Request.ChunkCount)
            {
                throw Refused($"The upload carries more than the {upload.Request.Size} bytes in {upload.Request.ChunkCount} chunks it announced.");
            }

            // Decoded in place, into the slice of the file this chunk fills (no copy of it is made).
            var target = upload.Data.AsSpan(upload.Received, length);
            if (Base64.DecodeFromUtf8(base64, target, out _, out var written) != OperationStatus.Done || written != length)
            {
                throw Refused($"Chunk {chunk.Index} is not valid base64.");
            }

            if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(target)), chunk.Sha256, StringComparison.Ordinal))
            {
                throw Refused($"Chunk {chunk.Index} does not match its sha256.");
            }

            upload.Received += length;
            upload.NextIndex++;
        }
        catch
        {
            Drop(upload);
            throw;
        }
    }

    /// <summary>Ends the upload and returns the verified file.</summary>
    /// <exception cref="RpcException">Missing chunks, wrong size or a wrong checksum (code UploadRefused).</exception>
    public (UploadBegin Request, byte[] Bytes) Commit(string uploadId, string owner)
    {
        var upload = Take(uploadId, owner, remove: true);
        _uploadByModule.TryRemove(new KeyValuePair<string, string>(upload.Request.Name, upload.Id));
        var bytes = upload.Data;
        if (upload.NextIndex != upload.Request.ChunkCount || upload.Received != upload.Request.Size)
        {
            throw Refused($"The upload is incomplete: {upload.NextIndex} of {upload.Request.ChunkCount} chunks, {upload.Received} of {upload.Request.Size} bytes.");
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), upload.Request.Sha256, StringComparison.Ordinal))
        {
            throw Refused("The file does not match its sha256; nothing was kept.");
        }

        return (upload.Request, bytes);
    }

    /// <summary>The open uploads: module, owner session, bytes received, size, age.</summary>
    public IReadOnlyList<(string Module, string Owner, long Received, long Size, TimeSpan Age)> Snapshot() =>
        [.. _uploads.Values.OrderBy(u => u.Id, StringComparer.Ordinal).Select(u => (u.Request.Name, u.Owner, (long)u.Received, u.Request.Size, _time.GetElapsedTime(u.StartedAt)))];

    /// <summary>Drops every upload of <paramref name="owner"/> (its connection closed).</summary>
    public void DropAll(string owner)
    {
        foreach (var upload in _uploads.Values)
        {
            if (upload.Owner == owner)
            {
                Drop(upload);
            }
        }
    }

    private Upload Take(string uploadId, string owner, bool remove)
    {
        DropExpired();
        if (!_uploads.TryGetValue(uploadId ?? string.Empty, out var upload) || upload.Owner != owner
            || (remove && !_uploads.TryRemove(uploadId!, out _)))
        {
            throw Refused($"No open upload '{uploadId}' for this client (uploads are dropped after {_options.UploadTimeoutSeconds} s, uploadTimeoutSeconds, or when a chunk is refused).");
        }

        return upload;
    }

    private void DropExpired()
    {
        var limit = TimeSpan.FromSeconds(_options.UploadTimeoutSeconds);
        foreach (var upload in _uploads.Values)
        {
            if (_time.GetElapsedTime(upload.StartedAt) > limit && Drop(upload))
            {
                Expired?.Invoke(upload.Request.Name, upload.Owner);
            }
        }
    }

    private bool Drop(Upload upload)
    {
        _uploadByModule.TryRemove(new KeyValuePair<string, string>(upload.Request.Name, upload.Id));
        return _uploads.TryRemove(new KeyValuePair<string, Upload>(upload.Id, upload));
    }

    private static RpcException Refused(string message) => new(RpcErrorCodes.UploadRefused, "Upload refused: " + message);

    private sealed class Upload(string id, UploadBegin request, string owner, long startedAt)
    {
        public string Id { get; } = id;

        public long StartedAt { get; } = startedAt;

        public UploadBegin Request { get; } = request;

        public string Owner { get; } = owner;

        // The whole file, allocated once at the begin (its size is within maxModuleBytes) and filled
        // chunk by chunk; the commit hands this very array on.
        public byte[] Data { get; } = new byte[request.Size];

        public int Received { get; set; }

        public int NextIndex { get; set; }
    }
}
