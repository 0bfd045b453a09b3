using System.Text;
using SimpleRpc.Framing;
using SimpleRpc.Protocol;
using SimpleRpc.Serialization;

namespace SimpleRpc.Shared.Tests.Support;

/// <summary>
/// The raw far end of a connection under test: writes any bytes (garbage included) and reads
/// back the lines it is sent, as a hand-written JSON-RPC client in another language would.
/// </summary>
internal sealed class LinePeer(Stream stream) : IDisposable
{
    private readonly LineFrameReader _reader = new(stream, 16 * 1024 * 1024);

    public Stream Stream => stream;

    public Task WriteLineAsync(string line, CancellationToken cancellationToken) =>
        WriteBytesAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);

    public async Task WriteBytesAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes, cancellationToken).AsTask().WaitAsync(Within.Limit, cancellationToken);
        await stream.FlushAsync(cancellationToken).WaitAsync(Within.Limit, cancellationToken);
    }

    /// <summary>The next line, or null at end of stream.</summary>
    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        _reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(Within.Limit, cancellationToken);

    /// <summary>The next message; fails the test at end of stream.</summary>
    public async Task<JsonRpcMessage> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        Assert.That(line, Is.Not.Null, "The connection closed instead of sending a message.");
        return JsonRpcFormatter.Parse(line!);
    }

    public void Dispose()
    {
        stream.Dispose();
        _reader.Dispose();
    }
}
