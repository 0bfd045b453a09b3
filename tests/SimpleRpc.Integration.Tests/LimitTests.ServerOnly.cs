using System.Diagnostics;
using System.Text;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Adversarial;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

// The limits that need only a server and a client speaking the protocol: deadlines, uploads, compiles.
public partial class LimitTests
{
    private static readonly byte[] ModuleZ = File.ReadAllBytes(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs"));

    private async Task<JsonLinePeer> StartServerAsync(Action<JObject> conf, CancellationToken cancellationToken)
    {
        _cluster = await Cluster.StartAsync(conf);
        return await JsonLinePeer.HelloAsync(_cluster.ServerEndpoint, "publisher", AdversarialFixture.PublisherKey, cancellationToken);
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task CallTimeoutSeconds_CallWithoutTimeoutMs_PassesTheDefaultDeadline(CancellationToken cancellationToken)
    {
        using var peer = await StartServerAsync(c => c["callTimeoutSeconds"] = 1, cancellationToken);
        WireAssert.Result(await RawUpload.UploadAsync(peer, "z", ModuleZ, 1, cancellationToken));

        var watch = Stopwatch.StartNew();
        WireAssert.Error(await peer.CallAsync("z.SlowAdd", new JArray(1, 2, 60_000), cancellationToken), -32021, "The call to z.SlowAdd passed its deadline of 1000 ms.");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the default deadline, not the function's 60 s");
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task MaxCallTimeoutSeconds_CallerAsksForMore_CappedAtTheMaximum(CancellationToken cancellationToken)
    {
        using var peer = await StartServerAsync(c => c["maxCallTimeoutSeconds"] = 2, cancellationToken);
        WireAssert.Result(await RawUpload.UploadAsync(peer, "z", ModuleZ, 1, cancellationToken));

        // The caller asks for 60 s; the server's cap is 2 s. Without the cap this reply would take
        // 60 s and the read would give up first (JsonLinePeer.ReadTimeout, 30 s).
        await peer.SendAsync(JsonLinePeer.Request(7, "z.SlowAdd", new JArray(1, 2, 60_000)).Replace("\"params\"", "\"timeoutMs\":60000,\"params\"", StringComparison.Ordinal), cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), 7, -32021, "The call to z.SlowAdd passed its deadline of 2000 ms.");

        // Below the cap the caller's own deadline holds.
        await peer.SendAsync(JsonLinePeer.Request(8, "z.SlowAdd", new JArray(1, 2, 60_000)).Replace("\"params\"", "\"timeoutMs\":500,\"params\"", StringComparison.Ordinal), cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), 8, -32021, "The call to z.SlowAdd passed its deadline of 500 ms.");
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task UploadTimeoutSeconds_UploadLeftOpenPastIt_DroppedAndLogged(CancellationToken cancellationToken)
    {
        using var peer = await StartServerAsync(c => c["uploadTimeoutSeconds"] = 1, cancellationToken);
        var file = RawUpload.Module();
        var chunks = RawUpload.Split(file, 2);
        var id = await RawUpload.BeginOkAsync(peer, "late", file, 2, cancellationToken);

        // The server started the upload's clock before it replied to the begin: counting from the
        // reply, not from before the request, the server's 1 s has surely passed when ours has.
        var opened = Stopwatch.StartNew();
        Assert.That((bool)WireAssert.Result(await RawUpload.ChunkAsync(peer, id, 0, chunks[0], cancellationToken)), Is.True);

        // The time under test has to pass: the rest comes after the upload's 1 s (the default is
        // 60 s). The server drops an expired upload when it next looks at its uploads, so there is
        // no event to wait for before the chunk.
        await Task.Delay(TimeSpan.FromSeconds(1.5) - opened.Elapsed, cancellationToken);
        WireAssert.Error(await RawUpload.ChunkAsync(peer, id, 1, chunks[1], cancellationToken), -32010, $"Upload refused: No open upload '{id}' for this client (uploads are dropped after 1 s, uploadTimeoutSeconds");
        await _cluster!.Server.WaitForLineAsync(@"Dropped the upload of late from session \S+: not committed within 1 s \(uploadTimeoutSeconds\)", Cluster.StepTimeout);

        // An upload that keeps within it is published.
        Assert.That(WireAssert.Result(await RawUpload.UploadAsync(peer, "late", file, 1, cancellationToken))["version"]?.ToString(), Is.EqualTo("1"));
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task MaxOpenUploads_OneOverTheLimit_RefusedUntilOneCloses(CancellationToken cancellationToken)
    {
        using var peer = await StartServerAsync(c => c["maxOpenUploads"] = 2, cancellationToken);
        var file = RawUpload.Module();
        var first = await RawUpload.BeginOkAsync(peer, "open1", file, 1, cancellationToken);
        await RawUpload.BeginOkAsync(peer, "open2", file, 1, cancellationToken);

        using var other = await JsonLinePeer.HelloAsync(_cluster!.ServerEndpoint, "other", AdversarialFixture.PublisherKey, cancellationToken);
        WireAssert.Error(await RawUpload.BeginAsync(other, "open3", file.Length, RawUpload.Sha256(file), 1, cancellationToken), -32010, "Too many uploads are open; the limit is 2 (maxOpenUploads). Try again shortly.");

        Assert.That((bool)WireAssert.Result(await RawUpload.ChunkAsync(peer, first, 0, file, cancellationToken)), Is.True);
        WireAssert.Result(await RawUpload.CommitAsync(peer, first, cancellationToken));
        await RawUpload.BeginOkAsync(other, "open3", file, 1, cancellationToken);
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task CompileTimeoutSeconds_ModuleThatExplodesTheCompiler_RefusedNamingTheDeadline(CancellationToken cancellationToken)
    {
        using var peer = await StartServerAsync(c => c["compileTimeoutSeconds"] = 3, cancellationToken);

        // Without the deadline this compile would hold a core for about half an hour. 3 s lets the
        // server's warm-up compile finish first on a busy machine, so the compile below runs warm.
        var watch = Stopwatch.StartNew();
        var error = WireAssert.Error(await RawUpload.UploadAsync(peer, "boom", ExplosiveModule(14), 1, cancellationToken), -32011, "Module 'boom' did not compile: 1 error(s).");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(25)));
        Assert.That(error["data"]?["diagnostics"]?.Select(d => d.ToString()), Has.Some.StartsWith("boom.cs(1,1): error SRPC1007: Compiling the module took longer than the server's deadline of 3 s (compileTimeoutSeconds)"), error.ToString());
        // Once the compiler is warm (the server warms it at start), binding these lambdas does not
        // look at the cancellation token: the server stops waiting for the compile.
        await _cluster!.Server.WaitForLineAsync(@"Compile of boom v1 (was stopped after \d+ ms: it passed|did not stop at) its deadline of 3 s \(compileTimeoutSeconds\)", Cluster.StepTimeout);
        var modules = (JArray)WireAssert.Result(await peer.CallAsync("simplerpc/modules", null, cancellationToken));
        Assert.That(modules, Is.Empty, "nothing of it is kept, and the server still answers");
    }

    // Lambdas nested in calls to an overloaded method: about three times the compiler's work per level
    // (ModuleCompilerTests.ExplosiveSource).
    private static byte[] ExplosiveModule(int depth)
    {
        var names = Enumerable.Range(0, depth).Select(i => "p" + i).ToList();
        var body = string.Join(" + ", names);
        foreach (var name in Enumerable.Reverse(names))
        {
            body = $"M({name} => {body})";
        }

        return Encoding.UTF8.GetBytes("using System;\n\npublic static class Boom\n{\n"
            + "    private static int M(Func<int, int> f) => 1;\n"
            + "    private static int M(Func<string, int> f) => 2;\n"
            + "    private static int M(Func<bool, int> f) => 3;\n"
            + $"    public static int Go() => {body};\n}}\n");
    }
}
