using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

// Chunks and commits: out of order, repeated, missing, bad checksums, bad bytes, another
// client's upload id, a client that leaves half-way, code that does not compile.
public partial class UploadAbuseTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Chunk_OutOfOrder_RefusedAndUploadDropped(CancellationToken cancellationToken)
    {
        var name = UniqueName("ooo");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        var chunks = RawUpload.Split(file, 2);
        var id = await RawUpload.BeginOkAsync(peer, name, file, 2, cancellationToken);
        WireAssert.Error(await RawUpload.ChunkAsync(peer, id, 1, chunks[1], cancellationToken), -32010, "Upload refused: Chunk 1 arrived where chunk 0 was expected; chunks must come in order, each once.");
        AssertDropped(await RawUpload.ChunkAsync(peer, id, 0, chunks[0], cancellationToken), id);
        AssertDropped(await RawUpload.CommitAsync(peer, id, cancellationToken), id);
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Chunk_Repeated_RefusedAndUploadDropped(CancellationToken cancellationToken)
    {
        var name = UniqueName("repeat");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        var chunks = RawUpload.Split(file, 2);
        var id = await RawUpload.BeginOkAsync(peer, name, file, 2, cancellationToken);
        WireAssert.Result(await RawUpload.ChunkAsync(peer, id, 0, chunks[0], cancellationToken));
        WireAssert.Error(await RawUpload.ChunkAsync(peer, id, 0, chunks[0], cancellationToken), -32010, "Upload refused: Chunk 0 arrived where chunk 1 was expected");
        AssertDropped(await RawUpload.CommitAsync(peer, id, cancellationToken), id);
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Commit_ChunkMissing_RefusedAsIncomplete(CancellationToken cancellationToken)
    {
        var name = UniqueName("missing");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        var chunks = RawUpload.Split(file, 2);
        var id = await RawUpload.BeginOkAsync(peer, name, file, 2, cancellationToken);
        WireAssert.Result(await RawUpload.ChunkAsync(peer, id, 0, chunks[0], cancellationToken));
        WireAssert.Error(await RawUpload.CommitAsync(peer, id, cancellationToken), -32010, $"Upload refused: The upload is incomplete: 1 of 2 chunks, {chunks[0].Length} of {file.Length} bytes.");
        AssertDropped(await RawUpload.CommitAsync(peer, id, cancellationToken), id);
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Chunk_WrongSha256_RefusedAndUploadDropped(CancellationToken cancellationToken)
    {
        var name = UniqueName("chunksha");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        var id = await RawUpload.BeginOkAsync(peer, name, file, 1, cancellationToken);
        WireAssert.Error(await RawUpload.ChunkAsync(peer, id, 0, file, cancellationToken, sha256: RawUpload.Sha256([1, 2, 3])), -32010, "Upload refused: Chunk 0 does not match its sha256.");
        AssertDropped(await RawUpload.CommitAsync(peer, id, cancellationToken), id);
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Commit_WrongFileSha256_RefusedNothingKept(CancellationToken cancellationToken)
    {
        var name = UniqueName("filesha");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        var other = RawUpload.Module("Other");
        var begun = await RawUpload.BeginAsync(peer, name, file.Length, RawUpload.Sha256(other), 1, cancellationToken);
        var id = WireAssert.Result(begun)["uploadId"]!.ToString();
        WireAssert.Result(await RawUpload.ChunkAsync(peer, id, 0, file, cancellationToken));
        WireAssert.Error(await RawUpload.CommitAsync(peer, id, cancellationToken), -32010, "Upload refused: The file does not match its sha256; nothing was kept.");
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Chunk_NotBase64_RefusedAndUploadDropped(CancellationToken cancellationToken)
    {
        var name = UniqueName("base64");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        var id = await RawUpload.BeginOkAsync(peer, name, file, 1, cancellationToken);
        WireAssert.Error(await RawUpload.ChunkAsync(peer, id, 0, "not base64 at all!", RawUpload.Sha256(file), cancellationToken), -32010, "Upload refused: Chunk 0 is not valid base64.");
        AssertDropped(await RawUpload.CommitAsync(peer, id, cancellationToken), id);
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Chunk_MoreBytesThanAnnounced_RefusedAndUploadDropped(CancellationToken cancellationToken)
    {
        var name = UniqueName("overflow");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        var begun = await RawUpload.BeginAsync(peer, name, 10, RawUpload.Sha256(file[..10]), 1, cancellationToken);
        var id = WireAssert.Result(begun)["uploadId"]!.ToString();
        WireAssert.Error(await RawUpload.ChunkAsync(peer, id, 0, file, cancellationToken), -32010, "Upload refused: The upload carries more than the 10 bytes in 1 chunks it announced.");
        AssertDropped(await RawUpload.CommitAsync(peer, id, cancellationToken), id);
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Chunk_OverMaxChunkBytes_RefusedAndUploadDropped(CancellationToken cancellationToken)
    {
        const int maxChunkBytes = 256 * 1024;
        var name = UniqueName("bigchunk");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = Encoding.UTF8.GetBytes("// " + new string('x', maxChunkBytes + 100) + "\npublic static class Big { public static int One() => 1; }\n");
        var id = await RawUpload.BeginOkAsync(peer, name, file, 2, cancellationToken);
        WireAssert.Error(await RawUpload.ChunkAsync(peer, id, 0, file[..(maxChunkBytes + 1)], cancellationToken), -32010, $"Upload refused: Chunk 0 has {maxChunkBytes + 1} bytes; chunks carry 1 to {maxChunkBytes} bytes (maxChunkBytes).");
        AssertDropped(await RawUpload.CommitAsync(peer, id, cancellationToken), id);
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Upload_ClientDisconnectsHalfWay_NameFreeAfterwards(CancellationToken cancellationToken)
    {
        var name = UniqueName("quit");
        var quitter = UniqueName("quitter-");
        var file = RawUpload.Module();
        using (var peer = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, quitter, PublisherKey, cancellationToken))
        {
            var id = await RawUpload.BeginOkAsync(peer, name, file, 2, cancellationToken);
            WireAssert.Result(await RawUpload.ChunkAsync(peer, id, 0, RawUpload.Split(file, 2)[0], cancellationToken));
        }

        await Cluster.Server.WaitForLineAsync($"Client {quitter} disconnected", Cluster.StepTimeout);
        using var next = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        await AssertNothingKeptAsync(next, name, cancellationToken);
        AssertPublished(await RawUpload.UploadAsync(next, name, file, 1, cancellationToken), name, 1);
    }

    [TestCase("u999999")]
    [TestCase("")]
    [TestCase("../u1")]
    [CancelAfter(60_000)]
    public async Task Commit_UnknownUploadId_Refused(string uploadId, CancellationToken cancellationToken)
    {
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        AssertDropped(await RawUpload.CommitAsync(peer, uploadId, cancellationToken), uploadId);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Chunk_ForAnotherClientsUpload_RefusedOwnersUploadUntouched(CancellationToken cancellationToken)
    {
        var name = UniqueName("victim");
        using var owner = await HelloAsync("owner-", PublisherKey, cancellationToken);
        using var thief = await HelloAsync("thief-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        var id = await RawUpload.BeginOkAsync(owner, name, file, 1, cancellationToken);
        var evil = RawUpload.Module("Evil");
        AssertDropped(await RawUpload.ChunkAsync(thief, id, 0, evil, cancellationToken), id);
        AssertDropped(await RawUpload.CommitAsync(thief, id, cancellationToken), id);

        WireAssert.Result(await RawUpload.ChunkAsync(owner, id, 0, file, cancellationToken));
        var commit = await RawUpload.CommitAsync(owner, id, cancellationToken);
        AssertPublished(commit, name, 1);
        Assert.That((string?)commit["result"]!["checksum"], Is.EqualTo(RawUpload.Sha256(file)), "the owner's bytes, not the thief's");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Commit_DoesNotCompile_CompileFailedWithFileLineColumn(CancellationToken cancellationToken)
    {
        var name = UniqueName("broken");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = Encoding.UTF8.GetBytes("public static class Broken\n{\n    public static int F() => ;\n    public static int G() => undefinedName;\n}\n");
        var error = WireAssert.Error(await RawUpload.UploadAsync(peer, name, file, 1, cancellationToken), -32011, $"Module '{name}' did not compile: 2 error(s).");
        var diagnostics = (error["data"]?["diagnostics"] as JArray)?.Select(d => d.ToString()).ToList();
        Assert.That(diagnostics, Is.Not.Null.And.Not.Empty, error.ToString());
        Assert.That(diagnostics, Has.Some.Match($@"^{Regex.Escape(name)}\.cs\(3,\d+\): error CS1525: "), "file(line,col): error ID: message");
        Assert.That(diagnostics, Has.Some.Match($@"^{Regex.Escape(name)}\.cs\(4,\d+\): error CS0103: .*undefinedName"));
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Commit_NotUtf8_RefusedNothingKept(CancellationToken cancellationToken)
    {
        var name = UniqueName("latin");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        file[^3] = 0xE9;
        WireAssert.Error(await RawUpload.UploadAsync(peer, name, file, 1, cancellationToken), -32010, "Upload refused: the module is not valid UTF-8 text.");
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Commit_ReplacesModule_FailedReplacementKeepsOldVersionServing(CancellationToken cancellationToken)
    {
        var name = UniqueName("keep");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        AssertPublished(await RawUpload.UploadAsync(peer, name, RawUpload.Module(), 1, cancellationToken), name, 1);
        WireAssert.Error(await RawUpload.UploadAsync(peer, name, Encoding.UTF8.GetBytes("public static class Broken { public static int F() => ; }\n"), 1, cancellationToken), -32011, "did not compile");
        Assert.That((int)WireAssert.Result(await peer.CallAsync(name + ".Twice", new JArray(21), cancellationToken)), Is.EqualTo(42), "v1 still serves");
        var manifest = JObject.Parse(await File.ReadAllTextAsync(Path.Combine(ModuleStoreCheck.Root(Cluster), name, "manifest.json"), cancellationToken));
        Assert.That((int?)manifest["version"], Is.EqualTo(1), "the store still holds v1");
    }
}
