using Newtonsoft.Json.Linq;
using SimpleRpc.Client;
using SimpleRpc.Integration.Tests.Adversarial;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>The compatibility gate at publish time, through a real server and stub: a breaking version is refused with its changes and callers, and --breaking publishes it.</summary>
[TestFixture]
[NonParallelizable]
public class PublishGateTests
{
    private const string V1 = """
        public static class Gate
        {
            public static int Add(int a, int b) => a + b;
            public static double Average(double[] values) => values.Length == 0 ? 0 : values.Sum() / values.Length;
        }
        """;

    private Cluster _cluster = null!;

    [SetUp]
    public async Task StartCluster() => _cluster = await Cluster.StartAsync();

    [TearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    [Test]
    [CancelAfter(180_000)]
    public async Task Register_BreakingVersion_RefusedWithChangesAndCallers_BreakingFlagPublishes(CancellationToken cancellationToken)
    {
        var stub = await _cluster.StartStubAsync("gatekeeper");
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(_cluster.WorkDir, "gate")).FullName, "gate.cs");
        await File.WriteAllTextAsync(path, "using System.Linq;\n" + V1, cancellationToken);
        Assert.That(await stub.RegisterAsync(path), Does.StartWith("Registered gate v1"));
        await using (var app = new RpcClient(stub.AppEndpoint))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.That(await app.InvokeAsync<double>(new RpcMethod("gate", 1, "Average(double[])"), [new[] { 1.0, 3.0 }], cancellationToken), Is.EqualTo(2.0));
            }
        }

        var v2 = V1.Replace("public static double Average", "public static int Sub(int a, int b) => a - b;\n    private static double Average", StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, "using System.Linq;\n" + v2, cancellationToken);
        var mark = stub.Process.LineCount;
        Assert.That(await stub.RegisterAsync(path), Does.StartWith("Module 'gate' was not published: 1 breaking change(s) from v1"));
        await stub.Process.WaitForLineAsync(@"^\s*breaking: function double Average\(double\[\] values\) removed$", Cluster.StepTimeout, mark);
        await stub.Process.WaitForLineAsync(@"^\s*compatible: function int Sub\(int a, int b\) added$", Cluster.StepTimeout, mark);
        await stub.Process.WaitForLineAsync(@"^\s*gate\.Average was called in the last 24 h by gatekeeper \(3\)$", Cluster.StepTimeout, mark);
        var manifest = Path.Combine(ModuleStoreCheck.Root(_cluster), "gate", "manifest.json");
        Assert.That((int?)JObject.Parse(await File.ReadAllTextAsync(manifest, cancellationToken))["version"], Is.EqualTo(1), "v1 keeps serving");

        mark = stub.Process.LineCount;
        Assert.That(await stub.RegisterAsync(path, breaking: true), Does.StartWith("Registered gate v2").And.EndsWith("it broke compatibility (--breaking)."));
        await stub.Process.WaitForLineAsync(@"^\s*breaking: function double Average\(double\[\] values\) removed$", Cluster.StepTimeout, mark);
        var stored = JObject.Parse(await File.ReadAllTextAsync(manifest, cancellationToken));
        Assert.That((int?)stored["version"], Is.EqualTo(2));
        Assert.That((bool?)stored["brokeCompatibility"], Is.True);
        Assert.That(stored["changes"]?.Values<string>(), Has.Some.StartsWith("breaking: function double Average"));
    }
}
