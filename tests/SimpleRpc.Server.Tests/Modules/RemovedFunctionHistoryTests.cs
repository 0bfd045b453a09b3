using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Tests.Modules;

/// <summary>
/// Which removed functions a proxy keeps declaring, marked <c>[RpcRemoved(version)]</c>, across
/// real publishes and a restart.
/// </summary>
[TestFixture]
public sealed class RemovedFunctionHistoryTests : ModuleStoreTestBase
{
    private const string Mark = "[global::SimpleRpc.Client.RpcRemoved(2)]\n    public static partial double Average(double[] values);";
    private const string Add = "public static int Add(int a, int b) => a + b;";
    private const string Average = "public static double Average(double[] values) => 0;";

    [Test, CancelAfter(120_000)]
    public async Task RegisterAsync_FunctionRemoved_LaterProxiesDeclareItMarkedUntilItIsBack(CancellationToken cancellationToken)
    {
        var registry = new ModuleRegistry(new ModuleCompiler(Log), Log);
        await PublishAsync(registry, Add + Average, cancellationToken);

        var v2 = await PublishAsync(registry, Add, cancellationToken);
        var v3 = await PublishAsync(registry, Add + "public static int Neg(int a) => -a;", cancellationToken);
        var v4 = await PublishAsync(registry, Add + "public static double Average(double[] values, int digits) => 0;", cancellationToken);
        var v5 = await PublishAsync(registry, Add + Average, cancellationToken);

        Assert.That(v2.ProxySource, Does.Contain(Mark));
        Assert.That(v3.ProxySource, Does.Contain(Mark), "carried on by a compatible version");
        Assert.That(v4.ProxySource, Does.Contain(Mark).And.Contains("[global::SimpleRpc.Client.RpcRemoved(4)]\n    public static partial int Neg(int a);"), "another overload of the same name does not replace it");
        Assert.That(v5.ProxySource, Does.Not.Contain("RpcRemoved(2)"), "it is back");
        Assert.That(v5.ProxySource, Does.Contain("[global::SimpleRpc.Client.RpcRemoved(5)]\n    public static partial double Average(double[] values, int digits);"));
    }

    [Test, CancelAfter(120_000)]
    public async Task RegisterAsync_TenVersionsLater_NoLongerDeclared(CancellationToken cancellationToken)
    {
        var registry = new ModuleRegistry(new ModuleCompiler(Log), Log);
        await PublishAsync(registry, Add + Average, cancellationToken);
        await PublishAsync(registry, Add, cancellationToken);
        LoadedModule last = null!;
        for (var version = 3; version <= ModuleCompiler.RemovedFunctionVersions + 1; version++)
        {
            last = await PublishAsync(registry, Add + "\n// v" + version, cancellationToken);
        }

        Assert.That(last.ProxySource, Does.Contain(Mark));
        var next = await PublishAsync(registry, Add, cancellationToken);
        Assert.That(next.Info.Version, Is.EqualTo(ModuleCompiler.RemovedFunctionVersions + 2));
        Assert.That(next.ProxySource, Does.Not.Contain("RpcRemoved"));
    }

    [Test, CancelAfter(120_000)]
    public async Task RegisterAsync_TypeOfTheRemovedFunctionRemovedToo_NoLongerDeclared(CancellationToken cancellationToken)
    {
        var registry = new ModuleRegistry(new ModuleCompiler(Log), Log);
        const string shape = "} public sealed record Shape(double Side); public static class Other { public static int One() => 1;";
        await PublishAsync(registry, Add + "public static double Area(Shape s) => s.Side * s.Side;" + shape, cancellationToken);

        var v2 = await PublishAsync(registry, Add + shape, cancellationToken);
        var v3 = await PublishAsync(registry, Add, cancellationToken);

        Assert.That(v2.ProxySource, Does.Contain("[global::SimpleRpc.Client.RpcRemoved(2)]\n    public static partial double Area(global::SimpleRpc.Proxies.G.Shape s);"));
        Assert.That(v3.ProxySource, Does.Not.Contain("Area").And.Not.Contains("Shape"));
    }

    [Test, CancelAfter(120_000)]
    public async Task RestoreAsync_BrokenVersionWithRemovedFunction_KeepsItsRecordAndProxy(CancellationToken cancellationToken)
    {
        var registry = new ModuleRegistry(new ModuleCompiler(Log), Log, Store);
        await PublishAsync(registry, Add + Average, cancellationToken);
        var published = await PublishAsync(registry, Add, cancellationToken);

        var restarted = new ModuleRegistry(new ModuleCompiler(Log), Log, new ModuleStore(Root, Log));
        Assert.That(await restarted.RestoreAsync(cancellationToken), Is.EqualTo(1));

        var restored = restarted.Find("g")!;
        Assert.That(restored.ProxySource, Is.EqualTo(published.ProxySource));
        Assert.That(restored.Info.BrokeCompatibility, Is.True);
        Assert.That(restored.Info.Changes, Is.EqualTo(new[] { "breaking: function double Average(double[] values) removed" }));
        Assert.That(restored.RemovedFunctions.Single().RemovedIn, Is.EqualTo(2));
    }

    [Test, CancelAfter(120_000)]
    public async Task GenerateAndCompile_ProxyWithRemovedFunctionAndAnAppCallingIt_BuildsWithSrpc0011Only(CancellationToken cancellationToken)
    {
        var registry = new ModuleRegistry(new ModuleCompiler(Log), Log);
        const string shape = "} public sealed record Shape(double Side); public static class Other { public static double Area(Shape s) => s.Side;";
        await PublishAsync(registry, Add + Average + "public static int Sync(int x) => x;" + shape, cancellationToken);
        var v2 = await PublishAsync(registry, Add + "public static System.Threading.Tasks.Task<int> Sync(int x) => System.Threading.Tasks.Task.FromResult(x);" + shape.Replace("Area(Shape s)", "Area(Shape s, int scale)", StringComparison.Ordinal), cancellationToken);
        const string app = """
            namespace App;

            public static class Use
            {
                public static async System.Threading.Tasks.Task<double> RunAsync() =>
                    SimpleRpc.Proxies.G.Average([1.0]) + await SimpleRpc.Proxies.G.AverageAsync([2.0])
                    + SimpleRpc.Proxies.G.Area(new SimpleRpc.Proxies.G.Shape(1)) + await SimpleRpc.Proxies.G.Sync(1);
            }
            """;

        var (_, diagnostics, _) = await Compilation.SampleModuleProxyTests.GenerateAndCompileAsync(("g.cs", v2.ProxySource), ("App.cs", app));

        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "SRPC0011", "SRPC0011", "SRPC0011" }), () => string.Join("\n", diagnostics));
        Assert.That(diagnostics.Select(d => d.Location.SourceTree?.FilePath), Has.All.EqualTo("App.cs"));
    }

    private static async Task<LoadedModule> PublishAsync(ModuleRegistry registry, string members, CancellationToken cancellationToken)
    {
        var outcome = await registry.RegisterAsync("g", "public static class G\n{\n" + members + "\n}\n", "00", "test", allowBreaking: true, mayReplaceOthers: true, cancellationToken);
        Assert.That(outcome.Success, Is.True, () => string.Join("\n", outcome.Diagnostics));
        return outcome.Module!;
    }
}
