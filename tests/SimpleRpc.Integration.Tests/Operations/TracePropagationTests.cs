using System.Diagnostics;
using System.Text;
using Newtonsoft.Json.Linq;
using SimpleRpc.Client;
using SimpleRpc.Diagnostics;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Operations;

/// <summary>One trace across app, stub, server and worker: real processes exporting to a collector stand-in.</summary>
[TestFixture]
[NonParallelizable]
public class TracePropagationTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task Call_AppTraces_StubServerAndWorkerSpansShareItsTraceId(CancellationToken cancellationToken)
    {
        await using var sink = new OtlpSink();
        var tracing = new JObject { ["otlpEndpoint"] = sink.TracesUrl, ["otlpProtocol"] = "http/protobuf" };
        await using var cluster = await Cluster.StartAsync(conf => conf["tracing"] = tracing);
        var stubConf = JObject.Parse(await File.ReadAllTextAsync(Path.Combine(Cluster.RepoRoot, "conf", "default.json"), cancellationToken));
        stubConf["tracing"] = tracing.DeepClone();
        var stubConfPath = Path.Combine(cluster.WorkDir, "stub-traced.json");
        await File.WriteAllTextAsync(stubConfPath, stubConf.ToString(), cancellationToken);
        var stub = await cluster.StartStubAsync("alpha", extraArgs: ["-c", stubConfPath]);
        Assert.That(await stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", "z.cs")), Does.StartWith("Registered z"));

        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RpcTracing.ClientSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using (var client = new RpcClient(stub.AppEndpoint))
        {
            Assert.That(await client.InvokeAsync<int>(new RpcMethod("z", 0, "Add", null), [1, 2], cancellationToken), Is.EqualTo(3));
        }

        var app = spans.Single();
        Assert.That(app.DisplayName, Is.EqualTo("z/Add"));
        var traceId = Convert.FromHexString(app.TraceId.ToHexString());
        foreach (var service in new[] { "simplerpc-stub", "simplerpc-server", "simplerpc-worker" })
        {
            var name = Encoding.UTF8.GetBytes(service);
            await sink.WaitForAsync(body => body.AsSpan().IndexOf(traceId) >= 0 && body.AsSpan().IndexOf(name) >= 0, cancellationToken);
        }
    }
}
