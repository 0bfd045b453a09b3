using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SimpleRpc.Integration.Tests.Support;

/// <summary>
/// Stands in for an OpenTelemetry collector on loopback (OTLP over HTTP): keeps the body of every
/// POST and answers 200. Bodies are protobuf; a test looks for the raw bytes it knows (a trace id,
/// a service name) rather than decoding them.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly Task _accepting;

    public OtlpSink()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The traces URL to give an exporter (OTLP/HTTP wants the full path).</summary>
    public string TracesUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/traces";

    public ConcurrentQueue<byte[]> Bodies { get; } = new();

    /// <summary>Waits until a body satisfies <paramref name="match"/>.</summary>
    public async Task WaitForAsync(Func<byte[], bool> match, CancellationToken cancellationToken)
    {
        while (!Bodies.Any(match))
        {
            await _arrived.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    // HTTP/1.1 with Content-Length bodies, several requests per connection: what the exporter sends.
    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new List<byte>();
        var chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int headerEnd;
                while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8.ToArray())) < 0)
                {
                    var read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, read));
                }

                var headers = Encoding.ASCII.GetString([.. buffer.Take(headerEnd)]);
                var length = headers.Split("\r\n").Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(h => int.Parse(h["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                while (buffer.Count < headerEnd + 4 + length)
                {
                    var read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, read));
                }

                Bodies.Enqueue([.. buffer.Skip(headerEnd + 4).Take(length)]);
                buffer.RemoveRange(0, headerEnd + 4 + length);
                _arrived.Release();
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
        }
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }
}
