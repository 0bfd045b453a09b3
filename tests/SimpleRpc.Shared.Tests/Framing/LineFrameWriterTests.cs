using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using SimpleRpc.Framing;
using SimpleRpc.Serialization;
using SimpleRpc.Shared.Tests.Support;

namespace SimpleRpc.Shared.Tests.Framing;

[CancelAfter(10_000)]
public sealed class LineFrameWriterTests
{
    [Test]
    public async Task Enqueue_ConcurrentSenders_FramesArriveWholeAndInSenderOrder(CancellationToken cancellationToken)
    {
        const int Senders = 8;
        const int FramesPerSender = 500;
        var pipe = new Pipe(new PipeOptions(useSynchronizationContext: false));
        using var writer = new LineFrameWriter(pipe.Writer.AsStream(), 256L * 1024 * 1024);
        using var reader = new LineFrameReader(pipe.Reader.AsStream(), 1024 * 1024);
        Exception? fault = null;
        writer.Faulted += ex => fault = ex;

        using var start = new Barrier(Senders);
        // Dedicated threads, so the barrier does not wait on thread-pool growth.
        var senders = Enumerable.Range(0, Senders).Select(sender => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait(cancellationToken);
                for (var n = 0; n < FramesPerSender; n++)
                {
                    // Mostly small frames, with now and then one bigger than the writer's 64 KiB
                    // coalescing buffer, and multi-byte characters throughout.
                    var padding = new string(n % 97 == 0 ? 'é' : 'x', n % 97 == 0 ? 40_000 : n % 50);
                    var text = new StringBuilder(RpcJson.Serialize(new SampleFrame(sender, n, padding + "✓")));
                    Assert.That(writer.Enqueue(text), Is.True);
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToList();

        var next = new int[Senders];
        for (var i = 0; i < Senders * FramesPerSender; i++)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(Within.Limit, cancellationToken);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"Frame {i} never arrived; frames per sender so far: {string.Join(", ", next)}; fault: {fault}");
                throw;
            }

            Assert.That(line, Is.Not.Null);
            var frame = RpcJson.Deserialize<SampleFrame>(line!)!;
            Assert.That(frame.N, Is.EqualTo(next[frame.Sender]), $"sender {frame.Sender}'s frames out of order");
            Assert.That(frame.Padding, Does.EndWith("✓"));
            next[frame.Sender]++;
        }

        await Task.WhenAll(senders).WaitAsync(Within.Limit, cancellationToken);
        Assert.That(next, Is.All.EqualTo(FramesPerSender));
        Assert.That(fault, Is.Null);
    }

    [Test]
    public async Task Enqueue_StreamThrows_FaultedFiresOnceAndLaterEnqueuesFail(CancellationToken cancellationToken)
    {
        var stream = new ThrowingWriteStream();
        using var writer = new LineFrameWriter(stream, 1024);
        var faults = new List<Exception>();
        var faulted = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.Faulted += ex =>
        {
            lock (faults)
            {
                faults.Add(ex);
            }

            faulted.TrySetResult(ex);
        };

        writer.Enqueue(new StringBuilder("{}"));
        var fault = await faulted.Task.WaitAsync(Within.Limit, cancellationToken);

        Assert.That(fault, Is.SameAs(stream.Failure));
        Assert.That(writer.Enqueue(new StringBuilder("{}")), Is.False);
        writer.Dispose();
        Assert.That(faults, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Enqueue_PeerNotReadingPastQueueLimit_FaultsAndRefuses(CancellationToken cancellationToken)
    {
        var stream = new StallingWriteStream();
        using var writer = new LineFrameWriter(stream, maxQueuedBytes: 100);
        Exception? fault = null;
        writer.Faulted += ex => fault = ex;
        try
        {
            Assert.That(writer.Enqueue(new StringBuilder("first")), Is.True);
            await stream.FirstWrite.WaitAsync(Within.Limit, cancellationToken);

            // 49 characters plus the newline: two fit under the 100-byte limit, a third does not.
            var frame = new string('x', 49);
            Assert.That(writer.Enqueue(new StringBuilder(frame)), Is.True);
            Assert.That(writer.Enqueue(new StringBuilder(frame)), Is.True);
            Assert.That(writer.Enqueue(new StringBuilder(frame)), Is.False);

            Assert.That(fault, Is.InstanceOf<IOException>());
            Assert.That(fault!.Message, Does.Contain("maxQueuedBytes"));
            Assert.That(writer.Enqueue(new StringBuilder("after")), Is.False);
        }
        finally
        {
            stream.Release();
        }
    }

    [Test]
    public void Dispose_FiresFaultedAndRefusesLaterFrames()
    {
        var writer = new LineFrameWriter(new MemoryStream(), 1024);
        Exception? fault = null;
        writer.Faulted += ex => fault = ex;

        writer.Dispose();

        Assert.That(fault, Is.InstanceOf<ObjectDisposedException>());
        Assert.That(writer.Enqueue(new StringBuilder("{}")), Is.False);
    }

    [Test]
    public async Task Enqueue_Text_WritesUtf8WithNewline(CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(useSynchronizationContext: false));
        using var writer = new LineFrameWriter(pipe.Writer.AsStream(), 1024);

        writer.Enqueue(new StringBuilder("{\"a\":\"é\"}"));
        writer.Enqueue(new StringBuilder("[]"));

        var expected = Encoding.UTF8.GetBytes("{\"a\":\"é\"}\n[]\n");
        var result = await pipe.Reader.ReadAtLeastAsync(expected.Length, cancellationToken).AsTask().WaitAsync(Within.Limit, cancellationToken);
        Assert.That(result.Buffer.ToArray(), Is.EqualTo(expected));
    }

    public sealed record SampleFrame(int Sender, int N, string Padding);
}
