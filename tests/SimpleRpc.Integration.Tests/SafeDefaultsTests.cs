using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>Outside the repository, with no conf: the server does not run open and a stub does not start keyless; `init` makes the confs.</summary>
[TestFixture]
[NonParallelizable]
public class SafeDefaultsTests
{
    [TestCase("Server", "SimpleRpc.Server.dll", "the server has no keys")]
    [TestCase("ClientStub", "SimpleRpc.ClientStub.dll", "this stub has no key")]
    [CancelAfter(60_000)]
    public async Task NoConf_RefusesToStartAndSaysHowToMakeOne(string project, string assembly, string expected, CancellationToken cancellationToken)
    {
        await using var cluster = Cluster.WithoutServer("127.0.0.1:1");
        var empty = Directory.CreateDirectory(Path.Combine(cluster.WorkDir, "no-conf")).FullName;
        var process = cluster.Start(project + " no conf", project, assembly, ["--conf-dir", empty, "--dashboard-port", "0"]);

        Assert.That(await process.WaitForExitAsync(Cluster.StepTimeout), Is.EqualTo(2));
        Assert.That(process.Lines, Has.Some.Contains(expected).And.Contains("simplerpc-server init").And.Contains("--insecure"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task InsecureServer_StubWithoutKey_WarnsOnceWithItsRoleAndHowToSetKeysUp(CancellationToken cancellationToken)
    {
        await using var cluster = Cluster.WithoutServer("127.0.0.1:1");
        var (empty, endpoint) = await StartOpenServerAsync(cluster);
        const string Warning = @"runs without keys: this stub has no key and got the admin role.*simplerpc-server init";

        var stub = cluster.Start("stub", "ClientStub", "SimpleRpc.ClientStub.dll", ["--conf-dir", empty, "--insecure", "--server", endpoint, "--app-port", "0", "--proxy-dir", Path.Combine(cluster.WorkDir, "proxies")]);
        var warning = await stub.WaitForLineAsync(Warning, Cluster.StepTimeout);
        Assert.That(warning.Value, Does.Contain("admin role"));

        // A one-shot command logs only warnings: this one, once, on standard error beside its result.
        var modules = cluster.Start("one-shot", "ClientStub", "SimpleRpc.ClientStub.dll", ["--conf-dir", empty, "--insecure", "--server", endpoint, "--name", "script", "--proxy-dir", Path.Combine(cluster.WorkDir, "proxies-script"), "modules"]);
        Assert.That(await modules.WaitForExitAsync(Cluster.StepTimeout), Is.Zero, string.Join('\n', modules.Lines));
        Assert.That(modules.Lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, Warning)), Is.EqualTo(1), string.Join('\n', modules.Lines));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task InsecureServer_StubWithKey_WarnsOnceThatTheKeyWasNotChecked(CancellationToken cancellationToken)
    {
        await using var cluster = Cluster.WithoutServer("127.0.0.1:1");
        var (empty, endpoint) = await StartOpenServerAsync(cluster);
        const string Key = "a-key-nobody-configured-0001";
        const string Warning = @"runs without keys: the key was not checked, and this stub got the ""?admin""? role.*simplerpc-server init";

        // The server ignores the key and makes the stub admin; its hello reply says "open", so the stub tells.
        var stub = cluster.Start("stub", "ClientStub", "SimpleRpc.ClientStub.dll", ["--conf-dir", empty, "--key", Key, "--server", endpoint, "--app-port", "0", "--proxy-dir", Path.Combine(cluster.WorkDir, "proxies")]);
        await stub.WaitForLineAsync(Warning, Cluster.StepTimeout);

        // A one-shot command: all its lines are in when it exits, so "once" can be counted.
        var modules = cluster.Start("one-shot", "ClientStub", "SimpleRpc.ClientStub.dll", ["--conf-dir", empty, "--key", Key, "--server", endpoint, "--name", "script", "--proxy-dir", Path.Combine(cluster.WorkDir, "proxies-script"), "modules"]);
        Assert.That(await modules.WaitForExitAsync(Cluster.StepTimeout), Is.Zero, string.Join('\n', modules.Lines));
        Assert.Multiple(() =>
        {
            Assert.That(modules.Lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, Warning)), Is.EqualTo(1), string.Join('\n', modules.Lines));
            Assert.That(modules.Lines, Has.None.Contains("this stub has no key"));
            Assert.That(modules.Lines, Has.None.Contains(Key), "a key is never logged");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Init_WritesConfsWithFreshKeys_ServerAndStubStartWithThemAndASecondInitRefuses(CancellationToken cancellationToken)
    {
        await using var cluster = Cluster.WithoutServer("127.0.0.1:1");
        var confDir = Path.Combine(cluster.WorkDir, "made");
        var init = cluster.Start("init", "Server", "SimpleRpc.Server.dll", ["init", "--conf-dir", confDir]);
        Assert.That(await init.WaitForExitAsync(Cluster.StepTimeout), Is.Zero);
        Assert.That(File.ReadAllText(Path.Combine(confDir, "server.json")), Does.Not.Contain("dev-"), "fresh keys, not the repository's");

        var server = cluster.Start("server", "Server", "SimpleRpc.Server.dll", ["--conf-dir", confDir, "--port", "0", "--dashboard-port", "0", "--data-dir", Path.Combine(cluster.WorkDir, "data")]);
        var endpoint = (await server.WaitForLineAsync(@"listening on (\S+)", Cluster.StepTimeout)).Groups[1].Value;
        var stub = cluster.Start("stub", "ClientStub", "SimpleRpc.ClientStub.dll", ["--conf-dir", confDir, "--server", endpoint, "--app-port", "0", "--proxy-dir", Path.Combine(cluster.WorkDir, "proxies")]);
        await stub.WaitForLineAsync(@"stub 'stub' connected to", Cluster.StepTimeout);

        // A stub with a key on a server with keys has nothing to warn about (a one-shot command: all its lines are in when it exits).
        var modules = cluster.Start("one-shot", "ClientStub", "SimpleRpc.ClientStub.dll", ["--conf-dir", confDir, "--server", endpoint, "--name", "script", "--proxy-dir", Path.Combine(cluster.WorkDir, "proxies-script"), "modules"]);
        Assert.That(await modules.WaitForExitAsync(Cluster.StepTimeout), Is.Zero, string.Join('\n', modules.Lines));
        Assert.That(modules.Lines, Has.None.Contains("runs without keys"));

        var again = cluster.Start("init again", "Server", "SimpleRpc.Server.dll", ["init", "--conf-dir", confDir]);
        Assert.That(await again.WaitForExitAsync(Cluster.StepTimeout), Is.EqualTo(2));
        Assert.That(again.Lines, Has.Some.Contains("already exist").And.Contains("--force"));
    }

    // A server with no conf and no keys, run open on purpose (--insecure); returns the empty conf folder and its endpoint.
    private static async Task<(string ConfDir, string Endpoint)> StartOpenServerAsync(Cluster cluster)
    {
        var empty = Directory.CreateDirectory(Path.Combine(cluster.WorkDir, "no-conf")).FullName;
        var server = cluster.Start("server", "Server", "SimpleRpc.Server.dll", ["--conf-dir", empty, "--insecure", "--port", "0", "--dashboard-port", "0", "--data-dir", Path.Combine(cluster.WorkDir, "data")]);
        return (empty, (await server.WaitForLineAsync(@"listening on (\S+)", Cluster.StepTimeout)).Groups[1].Value);
    }
}
