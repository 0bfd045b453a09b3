using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Modules;

/// <summary>The publish gate in <see cref="Server.Modules.ModuleRegistry"/>: real compiles, real loads.</summary>
[TestFixture]
public sealed class ModuleRegistryGateTests
{
    private const int Timeout = 60_000;
    private const string V1 = "public static class G { public static int Add(int a, int b) => a + b; public static int Sub(int a, int b) => a - b; }";

    [Test, CancelAfter(Timeout)]
    public async Task RegisterAsync_BreakingChange_RefusedAndServingVersionKept(CancellationToken cancellationToken)
    {
        var host = await HostWithV1Async(cancellationToken);

        var outcome = await host.Registry.RegisterAsync("g", "public static class G { public static int Add(int a, int b) => a + b; }", "02", "test", cancellationToken);

        Assert.That(outcome.Success, Is.False);
        Assert.That(outcome.RefusedAsBreaking, Is.True);
        Assert.That(outcome.ServingVersion, Is.EqualTo(1));
        Assert.That(outcome.Changes.Select(c => c.ToString()), Is.EqualTo(new[] { "breaking: function int Sub(int a, int b) removed" }));
        Assert.That(host.Registry.Find("g")!.Info.Version, Is.EqualTo(1));
        Assert.That(host.Registry.Find("g")!.Overloads("Sub"), Has.Count.EqualTo(1));
    }

    [Test, CancelAfter(Timeout)]
    public async Task RegisterAsync_BreakingAllowed_PublishedAndMarkedBroken(CancellationToken cancellationToken)
    {
        var host = await HostWithV1Async(cancellationToken);

        var outcome = await host.Registry.RegisterAsync("g", "public static class G { public static int Add(int a, int b) => a + b; }", "02", "test", allowBreaking: true, mayReplaceOthers: true, cancellationToken);

        Assert.That(outcome.Success, Is.True);
        Assert.That(outcome.Module!.Info.Version, Is.EqualTo(2));
        Assert.That(outcome.Module.Info.BrokeCompatibility, Is.True);
        Assert.That(outcome.Module.Info.Changes, Is.EqualTo(new[] { "breaking: function int Sub(int a, int b) removed" }));
    }

    [Test, CancelAfter(Timeout)]
    public async Task RegisterAsync_CompatibleChange_PublishedWithTheListAndNotMarked(CancellationToken cancellationToken)
    {
        var host = await HostWithV1Async(cancellationToken);

        var outcome = await host.Registry.RegisterAsync("g", V1.Replace("}", "public static int Neg(int a) => -a; }", StringComparison.Ordinal), "02", "test", cancellationToken);

        Assert.That(outcome.Success, Is.True, () => string.Join("\n", outcome.Diagnostics));
        Assert.That(outcome.Module!.Info.BrokeCompatibility, Is.Null);
        Assert.That(outcome.Module.Info.Changes, Is.EqualTo(new[] { "compatible: function int Neg(int a) added" }));
    }

    [Test, CancelAfter(Timeout)]
    public async Task DispatchAsync_OldSignatureIdAfterOptionalParameterAdded_CallsNewVersionWithTheDefault(CancellationToken cancellationToken)
    {
        var host = await HostWithV1Async(cancellationToken);
        var outcome = await host.Registry.RegisterAsync("g", V1.Replace("int Add(int a, int b) => a + b;", "int Add(int a, int b, int c = 100) => a + b + c;", StringComparison.Ordinal), "02", "test", cancellationToken);
        Assert.That(outcome.Success, Is.True, () => string.Join("\n", outcome.Diagnostics));
        Assert.That(outcome.Changes.Single().Class, Is.EqualTo(SurfaceChangeClass.Compatible));

        var reply = await host.Dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(1), "g.Add(int,int)", "[1,2]"), "test", cancellationToken);

        Assert.That(reply.Error, Is.Null, () => reply.Error!.Message);
        Assert.That(reply.ResultJson, Is.EqualTo("103"));
    }

    [Test, CancelAfter(Timeout)]
    public async Task DispatchAsync_OldSignatureIdAfterRequiredParameterAdded_StillModuleChanged(CancellationToken cancellationToken)
    {
        var host = await HostWithV1Async(cancellationToken);
        var outcome = await host.Registry.RegisterAsync("g", V1.Replace("int Add(int a, int b) => a + b;", "int Add(int a, int b, int c) => a + b + c;", StringComparison.Ordinal), "02", "test", allowBreaking: true, mayReplaceOthers: true, cancellationToken);
        Assert.That(outcome.Success, Is.True);

        var reply = await host.Dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(1), "g.Add(int,int)", "[1,2]"), "test", cancellationToken);

        Assert.That(reply.Error?.Code, Is.EqualTo(RpcErrorCodes.ModuleChanged));
    }

    private static async Task<ModuleHost> HostWithV1Async(CancellationToken cancellationToken)
    {
        var host = new ModuleHost();
        var outcome = await host.Registry.RegisterAsync("g", V1, "01", "test", cancellationToken);
        Assert.That(outcome.Success, Is.True, () => string.Join("\n", outcome.Diagnostics));
        Assert.That(outcome.Changes, Is.Empty);
        return host;
    }
}
