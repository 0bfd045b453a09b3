using System.Net;
using System.Net.Sockets;
using System.Text;
using SimpleRpc.Framing;

namespace SimpleRpc.Shared.Tests.Framing;

// The blocking Fill over a real loopback socket that has already written asynchronously (as every
// connection has), which is the case SocketReceive exists for.
[CancelAfter(10_000)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SocketReceiveTests : IDisposable
{
    private Socket? _near;
    private Socket? _far;
    private NetworkStream? _stream;

    [SetUp]
    public async Task ConnectAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _near = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _near.ConnectAsync(listener.LocalEndPoint!);
        _far = await listener.AcceptAsync();
        _stream = new NetworkStream(_near, ownsSocket: true);
        await _stream.WriteAsync("hello\n"u8.ToArray());
    }

    [Test]
    public async Task Fill_BytesArriveWhileWaiting_ReturnsThemAsLines()
    {
        using var reader = new LineFrameReader(_stream!, 1024);
        var fill = Task.Factory.StartNew(reader.Fill, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        await _far!.SendAsync(Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\":2}\n"));

        Assert.That(await fill, Is.True);
        var lines = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }

        Assert.That(lines, Is.EqualTo(new[] { "{\"a\":1}", "{\"b\":2}" }));
        Assert.That(_near!.Blocking, Is.False, "the socket waits in poll, not in the runtime's event loop");
    }

    [Test]
    public async Task Fill_PeerClosesWhileWaiting_ReturnsFalse()
    {
        using var reader = new LineFrameReader(_stream!, 1024);
        var fill = Task.Factory.StartNew(reader.Fill, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        _far!.Shutdown(SocketShutdown.Send);

        Assert.That(await fill, Is.False);
    }

    [Test]
    public async Task Fill_PeerResets_ThrowsIOException()
    {
        using var reader = new LineFrameReader(_stream!, 1024);
        var fill = Task.Factory.StartNew(reader.Fill, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        _far!.LingerState = new LingerOption(true, 0);
        _far.Close();

        Assert.That(async () => await fill, Throws.InstanceOf<IOException>().With.InnerException.InstanceOf<SocketException>());
    }

    [Test]
    public async Task Fill_StreamDisposedByAnotherThreadWhileWaiting_EndsTheWait()
    {
        using var reader = new LineFrameReader(_stream!, 1024);
        using var waiting = new ManualResetEventSlim();
        var fill = Task.Factory.StartNew(() => { waiting.Set(); return reader.Fill(); }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        waiting.Wait();

        // A close from another thread is how a connection ends its reading thread; the wait must
        // not outlive it (if it did, the test's own timeout would fail it).
        await _stream!.DisposeAsync();

        // It ends as the end of the stream or as a closed socket, never with bytes.
        try
        {
            Assert.That(await fill, Is.False);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException)
        {
        }
    }

    // After a receive that took everything there was, the next one waits in poll first (no read
    // that finds nothing): what comes later, and the end of the stream, still come through.
    [Test]
    public async Task Fill_AfterAReadThatEmptiedTheSocket_WaitsThenReturnsWhatComesLater()
    {
        using var reader = new LineFrameReader(_stream!, 1024);
        await _far!.SendAsync("{\"a\":1}\n"u8.ToArray());
        Assert.That(reader.Fill(), Is.True);
        Assert.That(reader.TryReadLine(out _), Is.True);
        var fill = Task.Factory.StartNew(reader.Fill, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        await _far.SendAsync("{\"b\":2}\n"u8.ToArray());

        Assert.That(await fill, Is.True);
        Assert.That(reader.TryReadLine(out var line), Is.True);
        Assert.That(Encoding.UTF8.GetString(line.Span), Is.EqualTo("{\"b\":2}"));
        var end = Task.Factory.StartNew(reader.Fill, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _far.Shutdown(SocketShutdown.Send);
        Assert.That(await end, Is.False);
    }

    // A spinning reader sees bytes, and the end of the stream, while it spins: with a spin far
    // longer than the wait allowed here, a spin that missed them would fail the wait.
    [Test]
    public async Task Fill_SpinBeforeWait_ReturnsBytesAndTheEndThatComeWhileSpinning()
    {
        using var reader = new LineFrameReader(_stream!, 1024) { SpinBeforeWait = TimeSpan.FromSeconds(20) };
        await _far!.SendAsync("{\"a\":1}\n"u8.ToArray());
        Assert.That(reader.Fill(), Is.True);
        Assert.That(reader.TryReadLine(out _), Is.True);
        var fill = Task.Factory.StartNew(reader.Fill, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        await _far.SendAsync("{\"b\":2}\n"u8.ToArray());

        Assert.That(await fill.WaitAsync(TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(reader.TryReadLine(out var line), Is.True);
        Assert.That(Encoding.UTF8.GetString(line.Span), Is.EqualTo("{\"b\":2}"));
        var end = Task.Factory.StartNew(reader.Fill, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _far.Shutdown(SocketShutdown.Send);
        Assert.That(await end.WaitAsync(TimeSpan.FromSeconds(5)), Is.False);
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _far?.Dispose();
    }
}
