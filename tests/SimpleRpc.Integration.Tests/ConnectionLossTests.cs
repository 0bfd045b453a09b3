using System.Diagnostics;
using SimpleRpc.Client;
using SimpleRpc.Integration.Tests.Support;
using SimpleRpc.Protocol;
using SimpleRpc.Proxies;
using SimpleRpc.Rpc;

namespace SimpleRpc.Integration.Tests;

/// <summary>Lost connections fail pending calls at once; calls work again after a restart, with no app or stub restart.</summary>
[TestFixture]
[NonParallelizable]
public class ConnectionLossTests
{
    private Cluster _cluster = null!;

    [SetUp]
    public async Task StartCluster() => _cluster = await Cluster.StartAsync();

    [TearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    [Test]
    [CancelAfter(180_000)]
    public async Task ServerKilledMidCall_PendingCallFailsAtOnce_CallsWorkAfterRestart(CancellationToken cancellationToken)
    {
        var stub = await StartStubWithModulesAsync();
        await using var app = new RpcClient(stub.AppEndpoint);
        var pending = app.InvokeAsync<int>(new RpcMethod("probe", 1, "WaitForCancel()"), [], CancellationToken.None);
        await WaitForCallsAsync(1);

        var watch = Stopwatch.StartNew();
        _cluster.KillServer();
        var lost = Assert.ThrowsAsync<RpcException>(async () => await pending)!;
        Assert.That(lost.Code, Is.EqualTo(RpcErrorCodes.ConnectionLost), lost.Message);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "a pending call fails when the link drops, not at its deadline");

        await _cluster.StartServerAgainAsync();
        await stub.Process.WaitForLineAsync(@"Reconnected to \S+ as app-stub", Cluster.StepTimeout);
        Assert.That(await app.InvokeAsync<int>(new RpcMethod("z", 1, "Add(int,int)"), [40, 2], cancellationToken), Is.EqualTo(42));
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task StubRestarted_SameAppClient_CallsWorkAgain(CancellationToken cancellationToken)
    {
        var stub = await StartStubWithModulesAsync();
        await using var app = new RpcClient(stub.AppEndpoint);
        var add = new RpcMethod("z", 1, "Add(int,int)");
        Assert.That(await app.InvokeAsync<int>(add, [1, 2], cancellationToken), Is.EqualTo(3));

        stub.Process.Kill();
        var down = Assert.ThrowsAsync<RpcException>(async () => await app.InvokeAsync<int>(add, [1, 2], cancellationToken))!;
        Assert.That(down.Code, Is.EqualTo(RpcErrorCodes.ServerUnavailable).Or.EqualTo(RpcErrorCodes.ConnectionLost), down.Message);

        var port = stub.AppEndpoint[(stub.AppEndpoint.LastIndexOf(':') + 1)..];
        var again = await _cluster.StartStubAsync("app-stub", extraArgs: ["--app-port", port]);
        Assert.That(again.AppEndpoint, Is.EqualTo(stub.AppEndpoint));
        Assert.That(await app.InvokeAsync<int>(add, [20, 22], cancellationToken), Is.EqualTo(42));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ModuleChanged_ProxyFunctionGone_RebuildErrorNamingBothVersions_UnchangedStillWorks(CancellationToken cancellationToken)
    {
        var stub = await StartStubWithModulesAsync();
        RpcClient.ConfigureDefault(stub.AppEndpoint);
        Assert.That(Z.Add(1, 2), Is.EqualTo(3));

        var changedDir = Directory.CreateDirectory(Path.Combine(_cluster.WorkDir, "v2")).FullName;
        var source = await File.ReadAllTextAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs"), cancellationToken);
        var changed = source.Replace("public static int Add(int a, int b) => a + b;", "public static long Add(long a, long b) => a + b;\n    public static int Extra() => 7;", StringComparison.Ordinal);
        Assert.That(changed, Is.Not.EqualTo(source));
        await File.WriteAllTextAsync(Path.Combine(changedDir, "z.cs"), changed, cancellationToken);
        Assert.That(await stub.RegisterAsync(Path.Combine(changedDir, "z.cs"), breaking: true), Does.StartWith("Registered z v2"));

        var error = Assert.Throws<RpcException>(() => Z.Add(1, 2))!;
        Assert.That(error.Code, Is.EqualTo(RpcErrorCodes.ModuleChanged));
        Assert.That(error.Message, Does.Contain("built against v1").And.Contains("the server has v2").And.Contains("long Add(long a, long b)").And.Contains("Rebuild the app"));
        Assert.That(Z.Greet("still"), Is.EqualTo("Hello, still!"), "an unchanged function keeps working after an additive change");
    }

    private async Task<StubProcess> StartStubWithModulesAsync()
    {
        var stub = await _cluster.StartStubAsync("app-stub");
        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        var probe = Path.Combine(_cluster.WorkDir, "probe.cs");
        await File.WriteAllTextAsync(probe, CallsLikeLocalCodeTests.Probe);
        Assert.That(await stub.RegisterAsync(probe), Does.StartWith("Registered probe v1"));
        return stub;
    }

    // Asks the server console until the given number of calls is running (the event itself), with a timeout.
    private async Task WaitForCallsAsync(int calls)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mark = _cluster.Server.LineCount;
            _cluster.Server.Send("stats");
            var line = await _cluster.Server.WaitForLineAsync(@"^stats: .*calls=(\d+)", Cluster.StepTimeout, mark);
            if (int.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) == calls)
            {
                return;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out waiting for the call to reach the module");
        }
    }
}
