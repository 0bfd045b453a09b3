using System.Security.Cryptography;
using System.Text;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Tests.Modules;

[TestFixture]
[CancelAfter(10_000)]
public class UploadChunkParamsTests
{
    private static readonly byte[] File = Encoding.UTF8.GetBytes("public static class M { public static int One() => 1; }\n");

    private static UploadChunkParams Read(string json) => UploadChunkParams.Read(Encoding.UTF8.GetBytes(json));

    [Test]
    public void Read_PlainObject_DataIsASliceOfTheParams()
    {
        var json = """{"uploadId":"u7","index":3,"data":"QUJD","sha256":"ab"}""";
        var bytes = Encoding.UTF8.GetBytes(json);

        var chunk = UploadChunkParams.Read(bytes);

        Assert.Multiple(() =>
        {
            Assert.That((chunk.UploadId, chunk.Index, chunk.Sha256), Is.EqualTo(("u7", 3, "ab")));
            Assert.That(Encoding.UTF8.GetString(chunk.Data.Span), Is.EqualTo("QUJD"));
            Assert.That(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(chunk.Data, out var segment) && segment.Array == bytes, Is.True);
        });
    }

    [Test]
    public void Read_EscapedSlashAndAnyCaseAndUnknownMembers_Understood()
    {
        var chunk = Read("""{"UploadId":"u1","extra":{"a":[1,2]},"INDEX":0,"data":"a\/b+","sha256":"00"}""");

        Assert.That((chunk.UploadId, chunk.Index, Encoding.UTF8.GetString(chunk.Data.Span)), Is.EqualTo(("u1", 0, "a/b+")));
    }

    [TestCase("[1,2]", "must be an object")]
    [TestCase("""{"uploadId":5}""", "uploadId must be a string")]
    [TestCase("""{"index":"x"}""", "index must be an integer")]
    [TestCase("""{"index":1.5}""", "index must be an integer")]
    public void Read_WrongShape_InvalidParams(string json, string fragment) =>
        Assert.That(() => Read(json), Throws.TypeOf<RpcException>().With.Property(nameof(RpcException.Code)).EqualTo(RpcErrorCodes.InvalidParams).And.Message.Contains(fragment));

    [Test]
    public void AddChunk_Base64WrappedOverLines_AcceptedAsBefore()
    {
        // Some clients' base64 encoders wrap lines; the JSON then carries \n escapes.
        var uploads = new UploadAssembler(new ServerOptions());
        var sha = Convert.ToHexStringLower(SHA256.HashData(File));
        var id = uploads.Begin(new UploadBegin("m", File.Length, sha, 1), "alpha").UploadId;
        var wrapped = Convert.ToBase64String(File, Base64FormattingOptions.InsertLineBreaks).Insert(8, "\n");
        var json = SimpleRpc.Serialization.RpcJson.Serialize(new { uploadId = id, index = 0, data = wrapped, sha256 = sha });

        uploads.AddChunk(Read(json), "alpha");

        Assert.That(uploads.Commit(id, "alpha").Bytes, Is.EqualTo(File));
    }
}
