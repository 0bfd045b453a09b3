using Newtonsoft.Json.Linq;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// Uploads bent out of shape by a client with the publish key, through raw JSON-RPC: each is
/// refused with the documented code, nothing of it is kept (on disk or in the module list), and
/// the store stays whole (checked after every case with the other invariants).
/// </summary>
[TestFixture]
[NonParallelizable]
public partial class UploadAbuseTests : AdversarialFixture
{
    private async Task AssertNothingKeptAsync(JsonLinePeer peer, string name, CancellationToken cancellationToken)
    {
        Assert.That(ModuleStoreCheck.AssertIntact(Cluster), Does.Not.Contain(name), "nothing of the refused upload is on disk");
        var modules = (JArray)WireAssert.Result(await peer.CallAsync("simplerpc/modules", null, cancellationToken));
        Assert.That(modules.Select(m => m["name"]?.ToString()), Does.Not.Contain(name), "nor in the module list");
    }

    private static void AssertPublished(JObject commit, string name, int version)
    {
        var info = WireAssert.Result(commit);
        Assert.That(info["name"]?.ToString(), Is.EqualTo(name));
        Assert.That((int?)info["version"], Is.EqualTo(version));
    }

    private static void AssertDropped(JObject reply, string uploadId) =>
        WireAssert.Error(reply, -32010, $"Upload refused: No open upload '{uploadId}' for this client");

    [TestCase(1024 * 1024 + 1, 5, "Upload refused: The module is 1048577 bytes; the limit is 1048576 bytes (maxModuleBytes).")]
    [TestCase(0, 1, "Upload refused: The module is 0 bytes; the limit is 1048576 bytes (maxModuleBytes).")]
    [TestCase(100, 0, "Upload refused: 0 chunks cannot carry 100 bytes")]
    [TestCase(100, 101, "Upload refused: 101 chunks cannot carry 100 bytes")]
    [CancelAfter(60_000)]
    public async Task Begin_SizeOrChunkCountOutOfBounds_Refused(long size, int chunkCount, string message, CancellationToken cancellationToken)
    {
        var name = UniqueName("bounds");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        WireAssert.Error(await RawUpload.BeginAsync(peer, name, size, new string('a', 64), chunkCount, cancellationToken), -32010, message);
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }

    [TestCase("A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90")]
    [TestCase("abc")]
    [TestCase("../../../../etc/passwd")]
    [CancelAfter(60_000)]
    public async Task Begin_Sha256NotLowerHex_Refused(string sha256, CancellationToken cancellationToken)
    {
        var name = UniqueName("sha");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        WireAssert.Error(await RawUpload.BeginAsync(peer, name, 10, sha256, 1, cancellationToken), -32010, "Upload refused: sha256 must be 64 lower-case hex digits.");
    }

    [TestCase("../evil")]
    [TestCase("..")]
    [TestCase("a/b")]
    [TestCase("a\\b")]
    [TestCase("/etc")]
    [TestCase("a\u0001b")]
    [TestCase("tab\tname")]
    [TestCase("nul\0byte")]
    [TestCase("CON")]
    [TestCase("lpt1")]
    [TestCase("Nul")]
    [TestCase("com9")]
    [TestCase("class")]
    [TestCase("1abc")]
    [TestCase("a.b")]
    [TestCase("")]
    [CancelAfter(60_000)]
    public async Task Begin_NameNotAPlainIdentifier_RefusedBeforeAnyByte(string name, CancellationToken cancellationToken)
    {
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        WireAssert.Error(await RawUpload.BeginAsync(peer, name, file.Length, RawUpload.Sha256(file), 1, cancellationToken), -32010, "Upload refused: A module name must be a plain C# identifier");
        // Beside the store only the server's own names.json (client name bindings) and the version history of
        // published modules (module-history/<module>, from the dashboard) may exist: nothing named after the refused name.
        var dataDir = Path.GetDirectoryName(ModuleStoreCheck.Root(Cluster))!;
        Assert.That(Directory.GetFileSystemEntries(dataDir).Select(Path.GetFileName), Is.SubsetOf(new[] { "modules", "module-history", "names.json" }).And.Contains("modules"), "nothing was written next to the store");
        var history = Path.Combine(dataDir, "module-history");
        var historyEntries = Directory.Exists(history) ? Directory.GetFileSystemEntries(history).Select(Path.GetFileName).ToArray() : [];
        Assert.That(historyEntries, Has.All.Matches("^[A-Za-z_][A-Za-z0-9_]*$"), "the history holds published modules only");
    }

    [TestCase("COM0")]
    [TestCase("lpt0")]
    [TestCase("x12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678")]
    [CancelAfter(60_000)]
    public async Task Begin_NameTheStoreRefuses_RefusedAtBegin(string name, CancellationToken cancellationToken)
    {
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        WireAssert.Error(await RawUpload.BeginAsync(peer, name, file.Length, RawUpload.Sha256(file), 1, cancellationToken), -32010, "Upload refused: A module name must");
    }

    [TestCase("Z")]
    [TestCase("z")]
    [CancelAfter(60_000)]
    public async Task Begin_NameDiffersOnlyInCaseFromAModule_RefusedBeforeAnyByte(string prefix, CancellationToken cancellationToken)
    {
        var name = UniqueName(prefix == "Z" ? "Mixed" : "mixed");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        AssertPublished(await RawUpload.UploadAsync(peer, name, RawUpload.Module(), 1, cancellationToken), name, 1);
        var other = prefix == "Z" ? name.ToLowerInvariant() : name.ToUpperInvariant();
        var file = RawUpload.Module();
        WireAssert.Error(await RawUpload.BeginAsync(peer, other, file.Length, RawUpload.Sha256(file), 1, cancellationToken), -32010, $"Upload refused: module '{name}' exists; names that differ only in case would clash in proxy folders.");
        Assert.That(ModuleStoreCheck.AssertIntact(Cluster), Does.Not.Contain(other));
    }

    [TestCase("_z")]
    [TestCase("z_")]
    [TestCase("z__")]
    [CancelAfter(60_000)]
    public async Task Begin_NameWithTheSameProxyClassAsAModule_Refused(string name, CancellationToken cancellationToken)
    {
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        WireAssert.Error(await RawUpload.BeginAsync(peer, name, file.Length, RawUpload.Sha256(file), 1, cancellationToken), -32010, "'z'");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Begin_AnotherPublishersModule_NotAllowedButAdminMayReplace(CancellationToken cancellationToken)
    {
        var name = UniqueName("owned");
        var owner = UniqueName("owner-");
        using var first = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, owner, PublisherKey, cancellationToken);
        AssertPublished(await RawUpload.UploadAsync(first, name, RawUpload.Module(), 1, cancellationToken), name, 1);

        using var other = await HelloAsync("other-", PublisherKey, cancellationToken);
        var file = RawUpload.Module("Hijack");
        WireAssert.Error(await RawUpload.BeginAsync(other, name, file.Length, RawUpload.Sha256(file), 1, cancellationToken), -32004, $"Only '{owner}', who registered '{name}', or an admin key may replace it.");
        var manifest = JObject.Parse(await File.ReadAllTextAsync(Path.Combine(ModuleStoreCheck.Root(Cluster), name, "manifest.json"), cancellationToken));
        Assert.That(manifest["checksum"]?.ToString(), Is.EqualTo(RawUpload.Sha256(RawUpload.Module())), "the owner's version is still stored");

        using var admin = await HelloAsync("admin-", AdminKey, cancellationToken);
        AssertPublished(await RawUpload.UploadAsync(admin, name, file, 1, cancellationToken), name, 2);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Unregister_AnotherPublishersModule_NotAllowedButAnAdminKeyMay(CancellationToken cancellationToken)
    {
        var name = UniqueName("owned");
        var owner = UniqueName("owner-");
        using var first = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, owner, PublisherKey, cancellationToken);
        AssertPublished(await RawUpload.UploadAsync(first, name, RawUpload.Module(), 1, cancellationToken), name, 1);

        using var other = await HelloAsync("other-", PublisherKey, cancellationToken);
        WireAssert.Error(await other.CallAsync("simplerpc/unregister", new JObject { ["name"] = name }, cancellationToken), -32004, $"Only '{owner}', who registered '{name}', or the server console may unregister it.");
        Assert.That(ModuleStoreCheck.AssertIntact(Cluster), Does.Contain(name), "another publisher's unregister removes nothing");

        using var admin = await HelloAsync("admin-", AdminKey, cancellationToken);
        Assert.That((bool)WireAssert.Result(await admin.CallAsync("simplerpc/unregister", new JObject { ["name"] = name }, cancellationToken)), Is.True);
        await AssertNothingKeptAsync(admin, name, cancellationToken);
        WireAssert.Error(await first.CallAsync(name + ".Twice", new JArray(2), cancellationToken), -32601, name);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Begin_SameNameFromTwoClientsAtOnce_ExactlyOneProceeds(CancellationToken cancellationToken)
    {
        var name = UniqueName("race");
        using var first = await HelloAsync("racer-", PublisherKey, cancellationToken);
        using var second = await HelloAsync("racer-", PublisherKey, cancellationToken);
        var file = RawUpload.Module();
        var replies = await Task.WhenAll(
            RawUpload.BeginAsync(first, name, file.Length, RawUpload.Sha256(file), 1, cancellationToken),
            RawUpload.BeginAsync(second, name, file.Length, RawUpload.Sha256(file), 1, cancellationToken));
        Assert.That(replies.Count(r => r["result"] is not null), Is.EqualTo(1), "exactly one begin proceeds: " + string.Join(" | ", replies.Select(r => r.ToString(Newtonsoft.Json.Formatting.None))));
        var winner = replies[0]["result"] is not null ? 0 : 1;
        WireAssert.Error(replies[1 - winner], -32010, $"Upload refused: Another upload of '{name}' is in progress; try again when it has finished.");

        var peers = new[] { first, second };
        var id = replies[winner]["result"]!["uploadId"]!.ToString();
        WireAssert.Result(await RawUpload.ChunkAsync(peers[winner], id, 0, file, cancellationToken));
        AssertPublished(await RawUpload.CommitAsync(peers[winner], id, cancellationToken), name, 1);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Begin_CallRole_NotAllowed(CancellationToken cancellationToken)
    {
        var name = UniqueName("callrole");
        var client = UniqueName("caller-");
        using var peer = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, client, CallerKey, cancellationToken);
        var file = RawUpload.Module();
        WireAssert.Error(await RawUpload.BeginAsync(peer, name, file.Length, RawUpload.Sha256(file), 1, cancellationToken), -32004, $"Client '{client}' has the call role; to register modules its key needs the publish role.");
        AssertDropped(await RawUpload.ChunkAsync(peer, "u1", 0, file, cancellationToken), "u1");
        await AssertNothingKeptAsync(peer, name, cancellationToken);
    }
}
