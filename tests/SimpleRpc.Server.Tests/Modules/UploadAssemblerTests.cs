using System.Security.Cryptography;
using System.Text;
using NUnit.Framework.Constraints;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Modules;

[TestFixture]
[CancelAfter(10_000)]
public class UploadAssemblerTests
{
    private static readonly byte[] File = Encoding.UTF8.GetBytes("public static class M { public static int One() => 1; }\n");
    private readonly ServerOptions _options = new() { MaxChunkBytes = 16, MaxModuleBytes = 1024, MaxOpenUploads = 4, UploadTimeoutSeconds = 30 };
    private ManualTimeProvider _time = null!;
    private UploadAssembler _uploads = null!;

    [SetUp]
    public void CreateAssembler()
    {
        _time = new ManualTimeProvider();
        _uploads = new UploadAssembler(_options, _time);
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static UploadBegin Begin(string name = "m", byte[]? file = null, int chunkSize = 16)
    {
        file ??= File;
        return new UploadBegin(name, file.Length, Hex(file), (file.Length + chunkSize - 1) / chunkSize);
    }

    private static UploadChunk Chunk(string id, int index, byte[]? file = null, int chunkSize = 16)
    {
        file ??= File;
        var part = file.AsSpan(index * chunkSize, Math.Min(chunkSize, file.Length - (index * chunkSize)));
        return new UploadChunk(id, index, Convert.ToBase64String(part), Hex(part));
    }

    private static IResolveConstraint Refused(string fragment) =>
        Throws.TypeOf<RpcException>().With.Property(nameof(RpcException.Code)).EqualTo(RpcErrorCodes.UploadRefused).And.Message.Contains(fragment);

    private string SendAll(string owner = "alpha")
    {
        var id = _uploads.Begin(Begin(), owner).UploadId;
        for (var i = 0; i < Begin().ChunkCount; i++)
        {
            _uploads.AddChunk(Chunk(id, i), owner);
        }

        return id;
    }

    [Test]
    public void Commit_AllChunksInOrder_ReturnsTheFile()
    {
        var id = SendAll();
        var (request, bytes) = _uploads.Commit(id, "alpha");
        Assert.That(bytes, Is.EqualTo(File));
        Assert.That(request.Name, Is.EqualTo("m"));
        Assert.That(_uploads.OpenCount, Is.Zero);
    }

    [Test]
    public void AddChunk_OutOfOrder_RefusedAndUploadDropped()
    {
        var id = _uploads.Begin(Begin(), "alpha").UploadId;
        Assert.That(() => _uploads.AddChunk(Chunk(id, 1), "alpha"), Refused("chunk 0 was expected"));
        Assert.That(() => _uploads.AddChunk(Chunk(id, 0), "alpha"), Refused("No open upload"));
    }

    [Test]
    public void AddChunk_Repeated_Refused()
    {
        var id = _uploads.Begin(Begin(), "alpha").UploadId;
        _uploads.AddChunk(Chunk(id, 0), "alpha");
        Assert.That(() => _uploads.AddChunk(Chunk(id, 0), "alpha"), Refused("chunk 1 was expected"));
    }

    [Test]
    public void AddChunk_WrongChunkChecksum_Refused()
    {
        var id = _uploads.Begin(Begin(), "alpha").UploadId;
        var chunk = Chunk(id, 0) with { Sha256 = new string('0', 64) };
        Assert.That(() => _uploads.AddChunk(chunk, "alpha"), Refused("does not match its sha256"));
    }

    [Test]
    public void AddChunk_NotBase64_Refused()
    {
        var id = _uploads.Begin(Begin(), "alpha").UploadId;
        Assert.That(() => _uploads.AddChunk(Chunk(id, 0) with { Data = "***" }, "alpha"), Refused("not valid base64"));
    }

    [Test]
    public void Commit_MissingChunk_Refused()
    {
        var id = _uploads.Begin(Begin(), "alpha").UploadId;
        _uploads.AddChunk(Chunk(id, 0), "alpha");
        Assert.That(() => _uploads.Commit(id, "alpha"), Refused("incomplete"));
    }

    [Test]
    public void Commit_WrongWholeChecksum_RefusedNothingKept()
    {
        var id = _uploads.Begin(Begin() with { Sha256 = new string('a', 64) }, "alpha").UploadId;
        for (var i = 0; i < Begin().ChunkCount; i++)
        {
            _uploads.AddChunk(Chunk(id, i), "alpha");
        }

        Assert.That(() => _uploads.Commit(id, "alpha"), Refused("does not match its sha256"));
        Assert.That(_uploads.OpenCount, Is.Zero);
    }

    [TestCase(0L)]
    [TestCase(1025L)]
    public void Begin_SizeOutsideLimit_RefusedNamingTheLimit(long size)
    {
        Assert.That(() => _uploads.Begin(Begin() with { Size = size }, "alpha"), Refused("maxModuleBytes"));
    }

    [Test]
    public void AddChunk_ChunkOverLimit_Refused()
    {
        var big = Encoding.UTF8.GetBytes(new string('x', 40));
        var id = _uploads.Begin(new UploadBegin("m", big.Length, Hex(big), 3), "alpha").UploadId;
        Assert.That(() => _uploads.AddChunk(Chunk(id, 0, big, 20), "alpha"), Refused("maxChunkBytes"));
    }

    [TestCase("../evil")]
    [TestCase("a/b")]
    [TestCase("a\\b")]
    [TestCase("..")]
    [TestCase("bad\u0001name")]
    [TestCase("CON")]
    [TestCase("nul")]
    [TestCase("Lpt1")]
    [TestCase("com9")]
    [TestCase("class")]
    [TestCase("")]
    public void Begin_NameNotAPlainIdentifier_Refused(string name)
    {
        Assert.That(() => _uploads.Begin(Begin(name), "alpha"), Refused("plain C# identifier"));
        Assert.That(_uploads.OpenCount, Is.Zero);
    }

    [Test]
    public void Begin_SameNameWhileAnotherIsOpen_ExactlyOneProceeds()
    {
        var first = _uploads.Begin(Begin(), "alpha").UploadId;
        Assert.That(() => _uploads.Begin(Begin(), "beta"), Refused("Another upload of 'm' is in progress"));
        _uploads.Begin(Begin("other"), "beta");

        for (var i = 0; i < Begin().ChunkCount; i++)
        {
            _uploads.AddChunk(Chunk(first, i), "alpha");
        }

        Assert.That(_uploads.Commit(first, "alpha").Bytes, Is.EqualTo(File));
        Assert.That(_uploads.Begin(Begin(), "beta").UploadId, Is.Not.Empty, "the name is free again after the commit");
    }

    [Test]
    public void AddChunk_OtherClientsUpload_Refused()
    {
        var id = _uploads.Begin(Begin(), "alpha").UploadId;
        Assert.That(() => _uploads.AddChunk(Chunk(id, 0), "beta"), Refused("No open upload"));
        _uploads.AddChunk(Chunk(id, 0), "alpha");
    }

    [Test]
    public void DropAll_OwnerDisconnected_FreesItsUploadsAndNames()
    {
        _uploads.Begin(Begin(), "alpha");
        _uploads.Begin(Begin("two"), "alpha");
        _uploads.Begin(Begin("three"), "beta");
        _uploads.DropAll("alpha");
        Assert.That(_uploads.OpenCount, Is.EqualTo(1));
        Assert.That(_uploads.Begin(Begin(), "beta").UploadId, Is.Not.Empty);
    }

    [Test]
    public void AddChunk_AfterUploadTimeout_RefusedAndExpiryReported()
    {
        var expired = new List<string>();
        _uploads.Expired += (module, owner) => expired.Add(module + "/" + owner);
        var id = _uploads.Begin(Begin(), "alpha").UploadId;
        _time.Advance(TimeSpan.FromSeconds(29));
        _uploads.AddChunk(Chunk(id, 0), "alpha");
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(() => _uploads.AddChunk(Chunk(id, 1), "alpha"), Refused("uploadTimeoutSeconds"));
        Assert.That(expired, Is.EqualTo(new[] { "m/alpha" }));
    }

    [Test]
    public void Begin_MoreThanMaxOpenUploads_Refused()
    {
        for (var i = 0; i < _options.MaxOpenUploads; i++)
        {
            _uploads.Begin(Begin("m" + i), "alpha");
        }

        Assert.That(() => _uploads.Begin(Begin("last"), "alpha"), Refused("maxOpenUploads"));
    }
}
