using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>What happens to a module between rm: and the app's next build, with real processes.</summary>
[TestFixture]
[NonParallelizable]
public class ModuleLifecycleTests
{
    private static readonly string ModuleZ = Path.Combine(Cluster.RepoRoot, "Modules", "z.cs");
    private Cluster _cluster = null!;

    [SetUp]
    public async Task StartCluster() => _cluster = await Cluster.StartAsync();

    [TearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    [Test]
    [CancelAfter(180_000)]
    public async Task Restart_ServerKeptModule_StubsResyncNothingAndCallsWorkAgain(CancellationToken cancellationToken)
    {
        var alpha = await _cluster.StartStubAsync("alpha");
        var beta = await _cluster.StartStubAsync("beta");
        Assert.That(await alpha.RegisterAsync(ModuleZ), Does.StartWith("Registered z v1"));
        await beta.Process.WaitForLineAsync("Proxy z v1 written", Cluster.StepTimeout);
        var proxyBefore = File.GetLastWriteTimeUtc(Path.Combine(beta.ProxyDir, "z.cs"));

        await _cluster.RestartServerAsync();
        await _cluster.Server.WaitForLineAsync("Restored z v1 registered by alpha from its stored assembly, without a compile", Cluster.StepTimeout);
        await _cluster.Server.WaitForLineAsync(@"Restored 1 modules from .* \(0 compiled\)", Cluster.StepTimeout);
        foreach (var stub in new[] { alpha, beta })
        {
            await stub.Process.WaitForLineAsync(@"Reconnected to \S+ as \S+", Cluster.StepTimeout);
            await stub.Process.WaitForLineAsync(@"Synced proxies into .*: 0 updated, 0 removed, 1 unchanged", Cluster.StepTimeout);
        }

        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(beta.ProxyDir, "z.cs")), Is.EqualTo(proxyBefore), "an unchanged proxy is not written again");
        Assert.That(await CallAsync(beta.AppEndpoint, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"z.Add\",\"params\":[20,22]}", cancellationToken), Does.Contain("\"result\":42"));
        _cluster.Server.Send("modules");
        await _cluster.Server.WaitForLineAsync(@"^z\s+v1\s+[0-9a-f]{12}\s+alpha", Cluster.StepTimeout);
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Restart_CompiledBytesGone_ListensFirstThenCompilesAndServes(CancellationToken cancellationToken)
    {
        var alpha = await _cluster.StartStubAsync("alpha");
        Assert.That(await alpha.RegisterAsync(ModuleZ), Does.StartWith("Registered z v1"));
        _cluster.Server.Send("quit");
        Assert.That(await _cluster.Server.WaitForExitAsync(Cluster.StepTimeout), Is.Zero);
        File.Delete(Path.Combine(_cluster.WorkDir, "server-data", "modules", "z", "module.dll"));

        await _cluster.StartServerAgainAsync();
        var restored = await _cluster.Server.WaitForLineAsync("Compiling stored module z v1 again: no stored assembly", Cluster.StepTimeout);
        var lines = _cluster.Server.Lines.ToList();
        Assert.That(lines.FindIndex(l => l.Contains("Server listening on", StringComparison.Ordinal)), Is.InRange(0, lines.FindIndex(l => l.Contains(restored.Value, StringComparison.Ordinal))), "the server listens before it compiles");
        await alpha.Process.WaitForLineAsync(@"Reconnected to \S+ as alpha", Cluster.StepTimeout);
        Assert.That(await CallAsync(alpha.AppEndpoint, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"z.Add\",\"params\":[20,22]}", cancellationToken), Does.Contain("\"result\":42"));
        await _cluster.Server.WaitForLineAsync(@"Restored 1 modules from .* \(1 compiled\)", Cluster.StepTimeout);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Unregister_ByPublisher_RemovedFromServerDiskAndEveryStub(CancellationToken cancellationToken)
    {
        var alpha = await _cluster.StartStubAsync("alpha");
        var beta = await _cluster.StartStubAsync("beta");
        Assert.That(await alpha.RegisterAsync(ModuleZ), Does.StartWith("Registered z v1"));
        await beta.Process.WaitForLineAsync("Proxy z v1 written", Cluster.StepTimeout);

        beta.Process.Send("unregister z");
        await beta.Process.WaitForLineAsync("error: Only 'alpha', who registered 'z', or the server console may unregister it.", Cluster.StepTimeout);
        Assert.That(Path.Combine(beta.ProxyDir, "z.cs"), Does.Exist);

        alpha.Process.Send("unregister z");
        await alpha.Process.WaitForLineAsync("Unregistered z.", Cluster.StepTimeout);
        foreach (var stub in new[] { alpha, beta })
        {
            await stub.Process.WaitForLineAsync("Proxy z removed", Cluster.StepTimeout);
            Assert.That(Path.Combine(stub.ProxyDir, "z.cs"), Does.Not.Exist);
        }

        Assert.That(Path.Combine(_cluster.WorkDir, "server-data", "modules", "z"), Does.Not.Exist);
        Assert.That(await CallAsync(beta.AppEndpoint, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"z.Add\",\"params\":[1,2]}", cancellationToken), Does.Contain("-32601"));

        var betaMark = beta.Process.LineCount;
        Assert.That(await alpha.RegisterAsync(ModuleZ), Does.StartWith("Registered z v1"));
        await beta.Process.WaitForLineAsync("Proxy z v1 written", Cluster.StepTimeout, betaMark);
        var mark = beta.Process.LineCount;
        _cluster.Server.Send("unregister z");
        await _cluster.Server.WaitForLineAsync("Unregistered z.", Cluster.StepTimeout);
        await beta.Process.WaitForLineAsync("Proxy z removed", Cluster.StepTimeout, mark);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Sync_StubHasProxyServerDoesNot_DeletesIt(CancellationToken cancellationToken)
    {
        var stale = Path.Combine(_cluster.WorkDir, "proxies", "stale");
        Directory.CreateDirectory(stale);
        await File.WriteAllTextAsync(Path.Combine(stale, "gone.cs"), "[global::SimpleRpc.Client.RpcModule(\"gone\", Version = 3, Checksum = \"abc123\")]\npublic static partial class Gone { }\n", cancellationToken);
        var stub = await _cluster.StartStubAsync("stale", proxyDir: stale);
        await stub.Process.WaitForLineAsync(@"Synced proxies into .*: 0 updated, 1 removed", Cluster.StepTimeout);
        Assert.That(Path.Combine(stale, "gone.cs"), Does.Not.Exist);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Upload_StubDisconnectsHalfWay_NothingKeptAndNameFreeAgain(CancellationToken cancellationToken)
    {
        var file = await File.ReadAllBytesAsync(ModuleZ, cancellationToken);
        var sha = Convert.ToHexStringLower(SHA256.HashData(file));
        using (var half = await JsonLinePeer.ConnectAsync(_cluster.ServerEndpoint, cancellationToken))
        {
            await half.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"simplerpc/hello\",\"params\":{\"name\":\"quitter\",\"key\":\"dev-publisher-key-0001\"}}", cancellationToken);
            await half.SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"simplerpc/upload.begin\",\"params\":{{\"name\":\"z\",\"size\":{file.Length},\"sha256\":\"{sha}\",\"chunkCount\":2}}}}", cancellationToken);
            var begun = await half.ReplyToAsync(2, cancellationToken);
            Assert.That(begun["result"]?["uploadId"], Is.Not.Null, begun.ToString());
            var mark = _cluster.Server.LineCount;
            _cluster.Server.Send("uploads");
            await _cluster.Server.WaitForLineAsync($@"^z\s+quitter\s+0/{file.Length}\s+\d+ s$", Cluster.StepTimeout, mark);
        }

        await _cluster.Server.WaitForLineAsync("Client quitter disconnected", Cluster.StepTimeout);
        var alpha = await _cluster.StartStubAsync("alpha");
        Assert.That(await alpha.RegisterAsync(ModuleZ), Does.StartWith("Registered z v1"), "the half-done upload neither blocks the name nor leaves a version behind");
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(_cluster.WorkDir, "server-data", "modules")).Select(Path.GetFileName), Is.EqualTo(new[] { "z" }), "no temp file or other module is left in the store");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Register_LargeModule_ConsoleShowsProgress(CancellationToken cancellationToken)
    {
        var big = new StringBuilder("public static class Big\n{\n    public static int Size() => 1;\n");
        for (var i = 0; big.Length < 900_000; i++)
        {
            big.Append("    // ").Append(new string('x', 100)).Append(' ').Append(i).Append('\n');
        }

        var path = Path.Combine(_cluster.WorkDir, "big.cs");
        await File.WriteAllTextAsync(path, big.Append("}\n").ToString(), cancellationToken);
        var alpha = await _cluster.StartStubAsync("alpha");
        Assert.That(await alpha.RegisterAsync(path), Does.StartWith("Registered big v1"));
        await alpha.Process.WaitForLineAsync(@"^  uploading big: 50% \(\d+/\d+ bytes\)$", Cluster.StepTimeout);
        await alpha.Process.WaitForLineAsync(@"^  uploading big: 100% \(\d+/\d+ bytes\)$", Cluster.StepTimeout);
    }

    private static async Task<string> CallAsync(string endpoint, string request, CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(endpoint, cancellationToken);
        await peer.SendAsync(request, cancellationToken);
        return (await peer.ReplyToAsync(1, cancellationToken)).ToString(Newtonsoft.Json.Formatting.None);
    }
}
