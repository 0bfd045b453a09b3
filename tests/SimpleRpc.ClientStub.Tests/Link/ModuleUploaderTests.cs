using SimpleRpc.ClientStub.Link;
using SimpleRpc.ClientStub.Tests.Support;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Tests.Link;

[CancelAfter(20_000)]
public sealed class ModuleUploaderTests
{
    private string _file = null!;

    [SetUp]
    public void WriteFile()
    {
        // 10 chunks of 16 bytes.
        _file = Path.Combine(Path.GetTempPath(), $"uploader-{Guid.NewGuid():N}.cs");
        File.WriteAllBytes(_file, [.. Enumerable.Range(0, 160).Select(i => (byte)('a' + (i % 26)))]);
    }

    [TearDown]
    public void DeleteFile() => File.Delete(_file);

    [Test]
    public async Task UploadAsync_WindowOfThree_KeepsThreeChunksInFlightAndNoMore(CancellationToken cancellationToken)
    {
        var server = new HeldServerInvoker();
        var progress = new List<long>();
        var upload = new ModuleUploader(server, chunkBytes: 16, window: 3)
            .UploadAsync(_file, new SynchronousProgress<(long Sent, long Total)>(p => progress.Add(p.Sent)), cancellationToken);

        // Three go out before any answer; then one more for each answer, until all ten are sent.
        await server.WaitForSentAsync(3, cancellationToken);
        for (var answered = 0; answered < 7; answered++)
        {
            server.AnswerOldest();
            await server.WaitForSentAsync(1, cancellationToken);
        }

        for (var i = 0; i < 3; i++)
        {
            server.AnswerOldest();
        }

        await upload.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(server.SentIndexes, Is.EqualTo(Enumerable.Range(0, 10)));
            Assert.That(server.MostInFlight, Is.EqualTo(3));
            Assert.That(server.Committed, Is.True);
            Assert.That(progress, Is.EqualTo(Enumerable.Range(1, 10).Select(i => i * 16L)));
        });
    }

    [Test]
    public async Task UploadAsync_WindowOfOne_WaitsForEachAnswer(CancellationToken cancellationToken)
    {
        var server = new HeldServerInvoker();
        var upload = new ModuleUploader(server, chunkBytes: 16).UploadAsync(_file, null, cancellationToken);
        for (var i = 0; i < 10; i++)
        {
            await server.WaitForSentAsync(1, cancellationToken);
            server.AnswerOldest();
        }

        await upload.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        Assert.That(server.MostInFlight, Is.EqualTo(1));
    }

    [Test]
    public void UploadAsync_ChunkRefused_ThrowsThatRefusalAndNeverCommits()
    {
        var server = new HeldServerInvoker { AnswerAtOnce = true, Refuse = 2 };
        var uploader = new ModuleUploader(server, chunkBytes: 16, window: 4);

        Assert.That(
            async () => await uploader.UploadAsync(_file, null, CancellationToken.None),
            Throws.TypeOf<RpcException>().With.Message.Contains("chunk 2 does not match"));
        Assert.Multiple(() =>
        {
            Assert.That(server.Committed, Is.False);
            Assert.That(server.SentIndexes.Max(), Is.LessThanOrEqualTo(2 + 3), "no chunk is sent once a refusal is seen, beyond those already in flight");
        });
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
