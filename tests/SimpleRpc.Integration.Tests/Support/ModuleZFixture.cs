namespace SimpleRpc.Integration.Tests.Support;

/// <summary>A fixture with a real server and a stub named alpha that registered Modules/z.cs.</summary>
public abstract class ModuleZFixture
{
    protected Cluster Cluster { get; private set; } = null!;

    protected StubProcess Stub { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartClusterWithModuleZ()
    {
        Cluster = await Cluster.StartAsync();
        Stub = await Cluster.StartStubAsync("alpha");
        Assert.That(await Stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
    }

    [OneTimeTearDown]
    public async Task StopCluster() => await Cluster.DisposeAsync();
}
