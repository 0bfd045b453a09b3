using System.Diagnostics;
using SimpleRpc.Client;
using SimpleRpc.Integration.Tests.Support;
using SimpleRpc.Proxies;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// An app calls the sample modules through generated proxies, a real stub and a real server, and
/// cannot tell the calls from local ones except that they can be cancelled and time out.
/// </summary>
[TestFixture]
[NonParallelizable]
public class CallsLikeLocalCodeTests
{
    internal const string Probe = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Probe
        {
            private static int _cancellations;

            public static int Cancellations() => Volatile.Read(ref _cancellations);

            public static async Task<int> WaitForCancel(CancellationToken cancellationToken)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return 0;
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _cancellations);
                    throw;
                }
            }

            public static int Hang(int milliseconds)
            {
                Thread.Sleep(milliseconds);
                return milliseconds;
            }

            public static int Broken() => BrokenTable.Value;

            private static class BrokenTable
            {
                public static readonly int Value = int.Parse("not a number");
            }
        }
        """;

    private Cluster _cluster = null!;
    private StubProcess _stub = null!;

    [OneTimeSetUp]
    public async Task StartClusterWithSamples()
    {
        _cluster = await Cluster.StartAsync();
        _stub = await _cluster.StartStubAsync("app-stub");
        foreach (var module in new[] { "z", "geometry", "inventory", "text", "stats" })
        {
            Assert.That(await _stub.RegisterAsync(Path.Combine(Cluster.RepoRoot, "Modules", module + ".cs")), Does.StartWith($"Registered {module} v1"));
        }

        var probe = Path.Combine(_cluster.WorkDir, "probe.cs");
        await File.WriteAllTextAsync(probe, Probe);
        Assert.That(await _stub.RegisterAsync(probe), Does.StartWith("Registered probe v1"));
        RpcClient.ConfigureDefault(_stub.AppEndpoint);
    }

    [OneTimeTearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    [Test]
    [CancelAfter(60_000)]
    public async Task Data_ClassesRecordsCollectionsDatesMoney_ComeBackAsValues(CancellationToken cancellationToken)
    {
        var bolt = Inventory.Find("BOLT-M6");
        Assert.Multiple(() =>
        {
            Assert.That(bolt.Id, Is.EqualTo(Guid.Parse("a1b2c3d4-0000-4000-8000-000000000001")));
            Assert.That(bolt.Price, Is.EqualTo(0.12m));
            Assert.That(bolt.Quantity, Is.EqualTo(12_000L));
            Assert.That(bolt.ReorderLevel, Is.EqualTo(2_000));
            Assert.That(bolt.Tags, Is.EqualTo(new[] { "metal", "small" }));
            Assert.That(bolt.StockByWarehouse, Is.EqualTo(new Dictionary<string, int> { ["north"] = 7_000, ["south"] = 5_000 }));
            Assert.That(Inventory.FindById(Guid.Parse("00000000-0000-0000-0000-000000000009")), Is.Null);
            Assert.That(Inventory.ReorderLevelOf("NUT-M6"), Is.Null);
            Assert.That(Inventory.LastStocktake(), Is.EqualTo(new DateTimeOffset(2025, 1, 31, 17, 0, 0, TimeSpan.FromHours(1))));
            Assert.That(Inventory.LastStocktake().Offset, Is.EqualTo(TimeSpan.FromHours(1)));
        });

        var at = new DateTimeOffset(2026, 11, 25, 9, 30, 15, TimeSpan.FromHours(-5)).AddTicks(1234);
        var changed = Inventory.Apply(bolt, new Inventory.StockChange("BOLT-M6", -250, at, "sold"));
        Assert.That(changed.Quantity, Is.EqualTo(11_750L));
        Assert.That(changed.UpdatedAt, Is.EqualTo(at));
        Assert.That(changed.UpdatedAt.Offset, Is.EqualTo(TimeSpan.FromHours(-5)));

        var catalog = Inventory.Catalog();
        Assert.That(await Inventory.TotalValueAsync(catalog), Is.EqualTo(catalog.Sum(i => i.Price * i.Quantity)));
        Assert.That(await Inventory.StockByWarehouseAsync(), Does.ContainKey("north"));

        var box = Geometry.BoundingBox([new Geometry.Point(1.5, -2), new Geometry.Point(-3, 4.25)], "b");
        Assert.That(box.Min, Is.EqualTo(new Geometry.Point(-3, -2)));
        Assert.That(box.Max, Is.EqualTo(new Geometry.Point(1.5, 4.25)));
        Assert.That(Geometry.Classify(3), Is.EqualTo(Geometry.ShapeKind.Triangle));
        Assert.That(Geometry.Scale([new Geometry.Point(1, 2)], 2), Is.EqualTo(new[] { new Geometry.Point(2, 4) }));
        Assert.That(Geometry.Largest([]), Is.Null);
    }

    [Test]
    [CancelAfter(60_000)]
    public void Overloads_SameParameterCount_ToldApartBySignatureId()
    {
        Assert.That(Text.Indent("a", 2), Is.EqualTo("  a"));
        Assert.That(Text.Indent("a", "> "), Is.EqualTo("> a"));
        Assert.That(Text.Pad("ab", 4), Has.Length.EqualTo(4));
        Assert.That(Text.Pad("ab", 4, '*'), Does.Contain("*"));
        Assert.That(Text.Join("-", "a", "b", "c"), Is.EqualTo("a-b-c"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Overloads_PlainClientWithSeveralFitting_ErrorNamesTheCandidates(CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(_stub.AppEndpoint, cancellationToken);
        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"text.Indent\",\"params\":[\"a\",2]}", cancellationToken);
        var reply = await peer.ReplyToAsync(1, cancellationToken);
        Assert.That((int)reply["error"]!["code"]!, Is.EqualTo(RpcErrorCodes.InvalidParams));
        Assert.That((string)reply["error"]!["message"]!, Does.Contain("ambiguous").And.Contains("string Indent(string text, int spaces)").And.Contains("string Indent(string text, string prefix)"));

        await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"text.Repeat\",\"params\":{\"text\":\"ab\",\"count\":2}}", cancellationToken);
        Assert.That((string)(await peer.ReplyToAsync(2, cancellationToken))["result"]!, Is.EqualTo("abab"), "one fitting overload works with named params");
    }

    [Test]
    [CancelAfter(60_000)]
    public void Exceptions_WellKnownTypeComesBackAsItself_ModuleTypesAsTheProxysTypes()
    {
        var divide = Assert.Throws<DivideByZeroException>(() => Z.Divide(1, 0))!;
        Assert.That(divide.Message, Is.EqualTo("b must not be zero"));
        Assert.That(((RemoteInvocationException)divide.InnerException!).RemoteStackTrace, Does.Contain("z.cs:line"));

        Assert.Throws<ArgumentException>(() => Inventory.Reserve("BOLT-M6", -1));
        Assert.Throws<KeyNotFoundException>(() => Inventory.Find("NOPE"));
        Assert.ThrowsAsync<ArgumentException>(() => Inventory.ValidateAsync(new Inventory.Item { Sku = " ", Name = "x", Tags = [], StockByWarehouse = [] }));

        var custom = Assert.Throws<Inventory.OutOfStockException>(() => Inventory.Reserve("DRILL-18V", 100))!;
        Assert.That(custom.RemoteType, Is.EqualTo("Samples.OutOfStockException"));
        Assert.That(custom.Message, Does.StartWith("Only ").And.Contains("'DRILL-18V'"));
        Assert.That(custom.RemoteStackTrace, Does.Contain("inventory.cs:line"));
        Assert.That(custom, Is.InstanceOf<RemoteInvocationException>());
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Proxies_InitializersAndParamsOnTheAsyncTwin_WorkAsInTheModule(CancellationToken cancellationToken)
    {
        var square = new Geometry.Polygon { Name = "square" };
        square.Vertices.Add(new Geometry.Point(0, 0));
        square.Vertices.Add(new Geometry.Point(0, 1));
        square.Vertices.Add(new Geometry.Point(1, 1));
        square.Vertices.Add(new Geometry.Point(1, 0));

        Assert.That(square.Closed, Is.True, "the module's initializer '= true' is in the proxy");
        Assert.That(await Geometry.PerimeterAsync(square, cancellationToken), Is.EqualTo(4));
        Assert.That(await Text.JoinAsync("-", "a", "b", "c"), Is.EqualTo("a-b-c"));
        Assert.That(await Text.JoinAsync("-", ["a", "b"], cancellationToken), Is.EqualTo("a-b"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Exceptions_ModuleTypeThrownByAsyncFunction_CaughtAsTheProxysType(CancellationToken cancellationToken)
    {
        string? caught = null;
        try
        {
            await Inventory.ReserveAsync("DRILL-18V", 100, cancellationToken);
        }
        catch (Inventory.OutOfStockException ex)
        {
            caught = ex.RemoteType;
        }

        Assert.That(caught, Is.EqualTo("Samples.OutOfStockException"));
    }

    [Test]
    [CancelAfter(60_000)]
    public void Exceptions_ParamNameAndInnerExceptionChain_Travel()
    {
        var argument = Assert.Throws<ArgumentException>(() => Geometry.Centroid([]))!;
        Assert.That(argument.ParamName, Is.EqualTo("points"));
        Assert.That(argument.Message, Is.EqualTo("At least one point is needed. (Parameter 'points')"));

        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => Stats.Percentiles([1, 2], 150))!;
        Assert.That(outOfRange.ParamName, Is.EqualTo("percents"));

        var initializer = Assert.Throws<RemoteInvocationException>(() => RpcClient.Default.InvokeAsync<int>(new RpcMethod("probe", 1, "Broken()"), [], CancellationToken.None).GetAwaiter().GetResult())!;
        Assert.That(initializer.RemoteType, Is.EqualTo("System.TypeInitializationException"));
        var cause = initializer.InnerException;
        Assert.That(cause, Is.TypeOf<FormatException>(), initializer.ToString());
        Assert.That(((RemoteInvocationException)cause!.InnerException!).RemoteStackTrace, Does.Contain("probe.cs:line"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Cancellation_AppCancels_EndsAtOnceAndModuleSeesItsToken(CancellationToken cancellationToken)
    {
        var before = Probe_Cancellations();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        Assert.That(
            async () => await RpcClient.Default.InvokeAsync<int>(new RpcMethod("probe", 1, "WaitForCancel()"), [], cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "the call ends when cancelled, not at its deadline");
        await WaitUntilAsync(() => Probe_Cancellations() == before + 1, cancellationToken);
        await _cluster.Server.WaitForLineAsync(@"Call probe\.WaitForCancel\(\) from app-stub was cancelled", Cluster.StepTimeout);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Cancellation_AppDisconnects_ItsCallsAreCancelledOnTheServer(CancellationToken cancellationToken)
    {
        var before = Probe_Cancellations();
        using (var peer = await JsonLinePeer.ConnectAsync(_stub.AppEndpoint, cancellationToken))
        {
            // The stub reads the request before it sees the connection close, so the call reaches
            // the server before the stub's $/cancelRequest for it, on the same ordered link.
            await peer.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"probe.WaitForCancel\",\"params\":[]}", cancellationToken);
        }

        await WaitUntilAsync(() => Probe_Cancellations() == before + 1, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Deadline_PassedByAFunctionThatIgnoresIt_TimeoutExceptionAndItsWorkerIsKilled(CancellationToken cancellationToken)
    {
        var mark = _cluster.Server.LineCount;
        using (RpcClient.WithTimeout(TimeSpan.FromMilliseconds(400)))
        {
            var watch = Stopwatch.StartNew();
            Assert.That(async () => await RpcClient.Default.InvokeAsync<int>(new RpcMethod("probe", 1, "Hang(int)"), [5_000], CancellationToken.None), Throws.TypeOf<TimeoutException>().With.Message.Contains("deadline of 400 ms"));
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(4)));
        }

        await _cluster.Server.WaitForLineAsync(@"Call probe\.Hang\(int\) from app-stub passed its deadline of 400 ms", Cluster.StepTimeout, mark);
        // It ignores its token: its worker is killed (a new one replaces it).
        await _cluster.Server.WaitForLineAsync(@"Killing worker process \d+ of probe: a call to probe\.Hang\(int\) kept running after its deadline or cancellation", Cluster.StepTimeout, mark);

        using (RpcClient.WithTimeout(TimeSpan.FromMilliseconds(300)))
        {
            Assert.That(async () => await Z.SlowAdd(1, 2, 10_000), Throws.TypeOf<TimeoutException>());
        }
    }

    private static int Probe_Cancellations() =>
        RpcClient.Default.InvokeAsync<int>(new RpcMethod("probe", 1, "Cancellations()"), [], CancellationToken.None).GetAwaiter().GetResult();

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out waiting for the server");
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
