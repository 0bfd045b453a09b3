using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>Names, consoles and messages between real stubs.</summary>
[TestFixture]
[NonParallelizable]
public class SessionTests
{
    private Cluster _cluster = null!;

    [SetUp]
    public async Task StartCluster() => _cluster = await Cluster.StartAsync();

    [TearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    [Test]
    [CancelAfter(90_000)]
    public async Task Hello_TakenNameNonInteractive_TakesSuggestion(CancellationToken cancellationToken)
    {
        await _cluster.StartStubAsync("alpha");
        var second = await _cluster.StartStubAsync("alpha", shell: false);
        Assert.That(second.Name, Is.EqualTo("alpha-2"));
        await second.Process.WaitForLineAsync("The name alpha is taken; the server suggests alpha-2", Cluster.StepTimeout);
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Hello_TakenNameInteractive_AsksUserForAnother(CancellationToken cancellationToken)
    {
        await _cluster.StartStubAsync("alpha");
        var second = await _cluster.StartStubAsync("alpha", shell: true, waitReady: false);
        await second.Process.WaitForLineAsync("The name alpha is taken", Cluster.StepTimeout);
        second.Process.Send("delta");
        await second.WaitReadyAsync();
        Assert.That(second.Name, Is.EqualTo("delta"));
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Msg_BetweenStubs_ShowsOnceInConsoleAndInLogFile(CancellationToken cancellationToken)
    {
        var alpha = await _cluster.StartStubAsync("alpha");
        var logFile = Path.Combine(_cluster.WorkDir, "beta.log");
        var beta = await _cluster.StartStubAsync("beta", extraArgs: ["--log-file", logFile]);
        alpha.Process.Send("msg beta hi there");
        await alpha.Process.WaitForLineAsync("Sent to beta", Cluster.StepTimeout);
        await beta.Process.WaitForLineAsync(@"^\[message from alpha\] hi there$", Cluster.StepTimeout);
        beta.Process.Send("quit");
        await beta.Process.WaitForExitAsync(Cluster.StepTimeout);
        var logged = await File.ReadAllTextAsync(logFile, cancellationToken);
        Assert.That(logged, Does.Contain("\"FromClientId\":\"alpha\",\"Text\":\"hi there\""), "the file log keeps the event's properties");
        Assert.That(beta.Process.Lines.Count(l => l.Contains("hi there", StringComparison.Ordinal)), Is.EqualTo(1), "the console prints the message; its console log leaves it out");

        alpha.Process.Send("msg nobody hello");
        await alpha.Process.WaitForLineAsync("error: No client named 'nobody' is connected.", Cluster.StepTimeout);
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Consoles_ClientsAndModules_ListBothStubs(CancellationToken cancellationToken)
    {
        var alpha = await _cluster.StartStubAsync("alpha");
        await _cluster.StartStubAsync("beta");
        alpha.Process.Send("clients");
        await alpha.Process.WaitForLineAsync(@"^beta\s+127\.0\.0\.1", Cluster.StepTimeout);
        _cluster.Server.Send("clients");
        await _cluster.Server.WaitForLineAsync(@"^alpha\s+s\d+", Cluster.StepTimeout);

        Assert.That(await alpha.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        _cluster.Server.Send("modules");
        await _cluster.Server.WaitForLineAsync(@"^z\s+v1\s+[0-9a-f]{12}\s+alpha", Cluster.StepTimeout);
        alpha.Process.Send("modules");
        await alpha.Process.WaitForLineAsync(@"^z\s+v1\s+v1\s+in sync", Cluster.StepTimeout);
        _cluster.Server.Send("msg alpha from the server");
        await alpha.Process.WaitForLineAsync(@"\[message from server\] from the server", Cluster.StepTimeout);
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Register_CompileError_PrintsFileLineAndColumn(CancellationToken cancellationToken)
    {
        var alpha = await _cluster.StartStubAsync("alpha");
        var broken = Path.Combine(_cluster.WorkDir, "broken.cs");
        await File.WriteAllTextAsync(broken, "public static class Broken\n{\n    public static int One() => 1\n}\n", cancellationToken);
        Assert.That(await alpha.RegisterAsync(broken), Does.Contain("did not compile"));
        await alpha.Process.WaitForLineAsync(@"^broken\.cs\(3,\d+\): error CS\d+: ", Cluster.StepTimeout);
        Assert.That(Path.Combine(alpha.ProxyDir, "broken.cs"), Does.Not.Exist);
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Register_CompileWarning_PrintedAndDoesNotBlock(CancellationToken cancellationToken)
    {
        var alpha = await _cluster.StartStubAsync("alpha");
        var warned = Path.Combine(_cluster.WorkDir, "warned.cs");
        await File.WriteAllTextAsync(warned, "public static class Warned\n{\n    public static int One()\n    {\n        int unused = 5;\n        return 1;\n    }\n}\n", cancellationToken);
        var mark = alpha.Process.LineCount;
        Assert.That(await alpha.RegisterAsync(warned), Does.StartWith("Registered warned v1"));
        await alpha.Process.WaitForLineAsync(@"^warned\.cs\(5,13\): warning CS0219: ", Cluster.StepTimeout, mark);
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task LateJoiner_ConnectsAfterRegistration_ReceivesProxyBySync(CancellationToken cancellationToken)
    {
        var alpha = await _cluster.StartStubAsync("alpha");
        Assert.That(await alpha.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
        var late = await _cluster.StartStubAsync("late");
        await late.Process.WaitForLineAsync(@"Synced proxies into .*: 1 updated, 0 removed", Cluster.StepTimeout);
        Assert.That(Path.Combine(late.ProxyDir, "z.cs"), Does.Exist);
    }
}
