using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>The upload methods of docs/protocol.md sent by hand, so each step can be bent.</summary>
public static class RawUpload
{
    /// <summary>A module that compiles: one function, Twice.</summary>
    public static byte[] Module(string className = "Tiny") =>
        Encoding.UTF8.GetBytes("public static class " + className + "\n{\n    public static int Twice(int x) => 2 * x;\n}\n");

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static Task<JObject> BeginAsync(JsonLinePeer peer, string name, long size, string sha256, int chunkCount, CancellationToken cancellationToken) =>
        peer.CallAsync("simplerpc/upload.begin", new JObject { ["name"] = name, ["size"] = size, ["sha256"] = sha256, ["chunkCount"] = chunkCount }, cancellationToken);

    /// <summary>Begins an upload of <paramref name="file"/> in <paramref name="chunkCount"/> chunks and returns its id (asserting it began).</summary>
    public static async Task<string> BeginOkAsync(JsonLinePeer peer, string name, byte[] file, int chunkCount, CancellationToken cancellationToken)
    {
        var reply = await BeginAsync(peer, name, file.Length, Sha256(file), chunkCount, cancellationToken);
        return WireAssert.Result(reply)["uploadId"]!.ToString();
    }

    public static Task<JObject> ChunkAsync(JsonLinePeer peer, string uploadId, int index, byte[] data, CancellationToken cancellationToken, string? sha256 = null) =>
        ChunkAsync(peer, uploadId, index, Convert.ToBase64String(data), sha256 ?? Sha256(data), cancellationToken);

    public static Task<JObject> ChunkAsync(JsonLinePeer peer, string uploadId, int index, string base64, string sha256, CancellationToken cancellationToken) =>
        peer.CallAsync("simplerpc/upload.chunk", new JObject { ["uploadId"] = uploadId, ["index"] = index, ["data"] = base64, ["sha256"] = sha256 }, cancellationToken);

    public static Task<JObject> CommitAsync(JsonLinePeer peer, string uploadId, CancellationToken cancellationToken) =>
        peer.CallAsync("simplerpc/upload.commit", new JObject { ["uploadId"] = uploadId }, cancellationToken);

    /// <summary>The file cut into <paramref name="count"/> nearly equal pieces.</summary>
    public static byte[][] Split(byte[] file, int count)
    {
        var size = (file.Length + count - 1) / count;
        return [.. Enumerable.Range(0, count).Select(i => file.Skip(i * size).Take(size).ToArray())];
    }

    /// <summary>Uploads the whole file correctly and returns the commit's reply.</summary>
    public static async Task<JObject> UploadAsync(JsonLinePeer peer, string name, byte[] file, int chunkCount, CancellationToken cancellationToken)
    {
        var id = await BeginOkAsync(peer, name, file, chunkCount, cancellationToken);
        var chunks = Split(file, chunkCount);
        for (var i = 0; i < chunks.Length; i++)
        {
            Assert.That((bool)WireAssert.Result(await ChunkAsync(peer, id, i, chunks[i], cancellationToken)), Is.True);
        }

        return await CommitAsync(peer, id, cancellationToken);
    }
}
