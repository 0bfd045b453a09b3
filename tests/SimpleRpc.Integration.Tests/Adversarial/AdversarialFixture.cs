using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// One real server and a stub named alpha that registered Modules/z.cs, shared by a fixture's
/// cases, which only hurt their own connections. After every case a well-behaved app (through the
/// stub) and a well-behaved stub connection (straight to the server) call z.Add(1, 2) and get 3,
/// and the server's module store on disk is whole.
/// </summary>
public abstract class AdversarialFixture
{
    public const string PublisherKey = "dev-publisher-key-0001";
    public const string CallerKey = "dev-caller-key-00001";
    public const string AdminKey = "dev-admin-key-000001";
    private static int _names;

    protected Cluster Cluster { get; private set; } = null!;

    protected StubProcess Stub { get; private set; } = null!;

    /// <summary>A client or module name no other case uses: <paramref name="prefix"/> and a number.</summary>
    protected static string UniqueName(string prefix) => prefix + Interlocked.Increment(ref _names);

    [OneTimeSetUp]
    public async Task StartClusterWithModuleZ()
    {
        Cluster = await Cluster.StartAsync();
        Stub = await Cluster.StartStubAsync("alpha");
        Assert.That(await Stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z v1"));
    }

    [OneTimeTearDown]
    public async Task StopCluster() => await Cluster.DisposeAsync();

    [TearDown]
    public async Task ServerStillServesAndStoreIsWhole()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await AssertStillServesAsync(Cluster, Stub, timeout.Token);
        Assert.That(ModuleStoreCheck.AssertIntact(Cluster), Does.Contain("z"));
    }

    /// <summary>A fresh app on <paramref name="stub"/>'s app port and a fresh client of the server each get z.Add(1, 2) = 3.</summary>
    public static async Task AssertStillServesAsync(Cluster cluster, StubProcess stub, CancellationToken cancellationToken)
    {
        using (var app = await JsonLinePeer.ConnectAsync(stub.AppEndpoint, cancellationToken))
        {
            Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(1, 2), cancellationToken)), Is.EqualTo(3), "a well-behaved app still gets served");
        }

        using var client = await JsonLinePeer.HelloAsync(cluster.ServerEndpoint, UniqueName("well-behaved-"), CallerKey, cancellationToken);
        Assert.That((int)WireAssert.Result(await client.CallAsync("z.Add", new JArray(1, 2), cancellationToken)), Is.EqualTo(3), "a well-behaved client still gets served");
    }

    /// <summary>Connects to the server and says hello with a fresh name.</summary>
    protected Task<JsonLinePeer> HelloAsync(string prefix, string key, CancellationToken cancellationToken) =>
        JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, UniqueName(prefix), key, cancellationToken);
}
