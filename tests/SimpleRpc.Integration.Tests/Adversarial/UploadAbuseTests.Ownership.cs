using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

// Who may replace and unregister a module, as docs/modules.md ("Who may.") words it.
public partial class UploadAbuseTests
{
    [Test]
    [CancelAfter(90_000)]
    public async Task Ownership_AsModulesDocSays_RefusalsQuotedThereAndAdminBecomesOwner(CancellationToken cancellationToken)
    {
        var (replace, unregister) = await WhoMayMessagesAsync(cancellationToken);
        var name = UniqueName("mine");
        var owner = UniqueName("owner-");
        var otherName = UniqueName("other-");
        var adminName = UniqueName("admin-");
        using var first = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, owner, PublisherKey, cancellationToken);
        using var other = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, otherName, PublisherKey, cancellationToken);
        using var admin = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, adminName, AdminKey, cancellationToken);
        AssertPublished(await RawUpload.UploadAsync(first, name, RawUpload.Module(), 1, cancellationToken), name, 1);

        // "Anyone else is refused with -32004, before a byte of the upload is kept", in the doc's words.
        var file = RawUpload.Module("Other");
        WireAssert.Error(await RawUpload.BeginAsync(other, name, file.Length, RawUpload.Sha256(file), 1, cancellationToken), -32004, Owned(replace, owner, name));
        WireAssert.Error(await other.CallAsync("simplerpc/unregister", new JObject { ["name"] = name }, cancellationToken), -32004, Owned(unregister, owner, name));

        // "A name nobody has registered is free to any such client."
        var free = UniqueName("free");
        AssertPublished(await RawUpload.UploadAsync(other, free, RawUpload.Module(), 1, cancellationToken), free, 1);

        // "An admin key that replaces a module makes the admin's client its owner."
        AssertPublished(await RawUpload.UploadAsync(admin, name, file, 1, cancellationToken), name, 2);
        WireAssert.Error(await RawUpload.BeginAsync(first, name, file.Length, RawUpload.Sha256(file), 1, cancellationToken), -32004, Owned(replace, adminName, name));
        Assert.That((bool)WireAssert.Result(await admin.CallAsync("simplerpc/unregister", new JObject { ["name"] = name }, cancellationToken)), Is.True);
        await AssertNothingKeptAsync(admin, name, cancellationToken);
    }

    private static string Owned(string documented, string owner, string name) =>
        documented.Replace("'alpha'", $"'{owner}'", StringComparison.Ordinal).Replace("'z'", $"'{name}'", StringComparison.Ordinal);

    /// <summary>The two refusals the "Who may." bullet of docs/modules.md quotes, for 'alpha' and 'z'.</summary>
    private static async Task<(string Replace, string Unregister)> WhoMayMessagesAsync(CancellationToken cancellationToken)
    {
        var doc = await File.ReadAllTextAsync(Path.Combine(Cluster.RepoRoot, "docs", "modules.md"), cancellationToken);
        var bullet = Regex.Match(doc, @"- \*\*Who may\.\*\*(.*?)\n(?=- |\n)", RegexOptions.Singleline);
        Assert.That(bullet.Success, Is.True, "docs/modules.md has the \"Who may.\" bullet");
        var quoted = Regex.Matches(bullet.Groups[1].Value, @"`(Only '[^`]*)`").Select(m => Regex.Replace(m.Groups[1].Value, @"\s+", " ")).ToList();
        Assert.That(quoted, Has.Count.EqualTo(2), "the bullet quotes the refusal to replace and to unregister");
        return (quoted.Single(q => q.EndsWith("may replace it.", StringComparison.Ordinal)), quoted.Single(q => q.EndsWith("may unregister it.", StringComparison.Ordinal)));
    }
}
