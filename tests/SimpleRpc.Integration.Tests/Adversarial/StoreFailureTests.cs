using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// A module store the server cannot write (a full disk, a broken mount; here: its folder replaced
/// by a file) fails the publish or removal with -32603 that says what failed, without any of the
/// server's paths; the full detail, path included, is in the server's log, and the version that
/// served keeps serving.
/// </summary>
[TestFixture]
[NonParallelizable]
public class StoreFailureTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task CommitAndUnregister_StoreCannotBeWritten_InternalErrorWithoutServerPaths(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync();
        using var peer = await JsonLinePeer.HelloAsync(cluster.ServerEndpoint, "publisher", AdversarialFixture.PublisherKey, cancellationToken);
        WireAssert.Result(await RawUpload.UploadAsync(peer, "tiny", RawUpload.Module(), 1, cancellationToken));
        var root = ModuleStoreCheck.Root(cluster);
        Directory.Delete(root, recursive: true);
        await File.WriteAllTextAsync(root, "a file where the store's folder should be", cancellationToken);
        var mark = cluster.Server.LineCount;

        var commit = WireAssert.Error(await RawUpload.UploadAsync(peer, "tiny", RawUpload.Module(), 1, cancellationToken), -32603, "Could not store module 'tiny' v2 on the server's disk");
        var unregister = WireAssert.Error(await peer.CallAsync("simplerpc/unregister", new JObject { ["name"] = "tiny" }, cancellationToken), -32603, "Could not remove module 'tiny' from the server's disk");

        foreach (var message in new[] { commit["message"]!.ToString(), unregister["message"]!.ToString() })
        {
            Assert.That(message, Does.Not.Contain(cluster.WorkDir).And.Not.Contain(Path.GetTempPath()).And.Not.Contain("server-data"), "no server path reaches the client");
            Assert.That(message, Does.EndWith("The server's log has the details."));
        }

        await cluster.Server.WaitForLineAsync(Regex.Escape(root), Cluster.StepTimeout, mark);
        Assert.That((int)WireAssert.Result(await peer.CallAsync("tiny.Twice", new JArray(21), cancellationToken)), Is.EqualTo(42), "v1 keeps serving");
    }
}
