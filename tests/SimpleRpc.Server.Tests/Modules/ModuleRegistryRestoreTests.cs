using SimpleRpc.Protocol;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Compilation.Policy;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Modules;

/// <summary>
/// A restart loads each stored module from the compiled bytes kept beside its source when the same
/// compiler and policy built them, and compiles again only when they differ or the bytes are bad.
/// </summary>
[TestFixture]
public class ModuleRegistryRestoreTests : ModuleStoreTestBase
{
    [Test]
    [CancelAfter(Timeout)]
    public async Task RestoreAsync_BytesFromThisCompilerAndPolicy_ServesWithoutCompile(CancellationToken cancellationToken)
    {
        var first = await RegisterZAsync(cancellationToken);

        var registry = NewRegistry();
        Assert.That(await registry.RestoreAsync(cancellationToken), Is.EqualTo(1));
        Assert.That(registry.Compiles, Is.Zero, "no compile at start when the stored bytes fit");
        Assert.That(registry.Restored.IsCompleted, Is.True);
        var restored = registry.Find("z")!;
        Assert.That(restored.ProxySource, Is.EqualTo(first.ProxySource));
        Assert.That(SameInfo(restored.Info, first.Info), Is.True, "the same functions and warnings as after the compile");
        await AssertServesAsync(registry, cancellationToken);
        Assert.That(Sink.Events.Select(e => e.RenderMessage()), Has.Some.Contains("from its stored assembly, without a compile"));
    }

    [Test]
    [CancelAfter(Timeout)]
    public async Task RestoreAsync_CorruptAssembly_CompilesAgainAndStoresGoodBytes(CancellationToken cancellationToken)
    {
        await RegisterZAsync(cancellationToken);
        var dll = Path.Combine(ModuleFolder("z"), ModuleStore.AssemblyFileName);
        var bytes = await File.ReadAllBytesAsync(dll, cancellationToken);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(dll, bytes, cancellationToken);

        var registry = NewRegistry();
        Assert.That(await registry.RestoreAsync(cancellationToken), Is.EqualTo(1));
        Assert.That(registry.Compiles, Is.EqualTo(1));
        await AssertServesAsync(registry, cancellationToken);

        var next = NewRegistry();
        Assert.That(await next.RestoreAsync(cancellationToken), Is.EqualTo(1));
        Assert.That(next.Compiles, Is.Zero, "the recompile stored good bytes for the next start");
    }

    [Test]
    [CancelAfter(Timeout)]
    public async Task RestoreAsync_OtherCompilerVersion_CompilesAgain(CancellationToken cancellationToken)
    {
        await RegisterZAsync(cancellationToken);
        var manifest = Path.Combine(ModuleFolder("z"), ModuleStore.ManifestFileName);
        var text = await File.ReadAllTextAsync(manifest, cancellationToken);
        Assert.That(text, Does.Contain(ModuleCompiler.BuildVersion));
        await File.WriteAllTextAsync(manifest, text.Replace(ModuleCompiler.BuildVersion, "4.0.0; server 0", StringComparison.Ordinal), cancellationToken);

        var registry = NewRegistry();
        Assert.That(await registry.RestoreAsync(cancellationToken), Is.EqualTo(1));
        Assert.That(registry.Compiles, Is.EqualTo(1));
        await AssertServesAsync(registry, cancellationToken);
    }

    [Test]
    [CancelAfter(Timeout)]
    public async Task RestoreAsync_PolicyChanged_CompilesAgainUnderTheNewPolicy(CancellationToken cancellationToken)
    {
        await RegisterZAsync(cancellationToken);

        var stricter = ModulePolicy.FromConfig(["@default", "T:System.Math"]);
        var registry = NewRegistry(stricter);
        Assert.That(await registry.RestoreAsync(cancellationToken), Is.EqualTo(1));
        Assert.That(registry.Compiles, Is.EqualTo(1), "bytes checked under another policy are not trusted");
    }

    [Test]
    [CancelAfter(Timeout)]
    public async Task BeginRestore_ModuleOnItsWay_CallsWaitAndSyncKeepsIt(CancellationToken cancellationToken)
    {
        await RegisterZAsync(cancellationToken);
        var registry = NewRegistry();

        var stored = registry.BeginRestore();
        var waiting = registry.WhenRestoredAsync("z.Add(int,int)", cancellationToken);
        Assert.That((registry.IsRestoring("z"), registry.Find("z"), waiting.IsCompleted, registry.Restored.IsCompleted), Is.EqualTo((true, (LoadedModule?)null, false, false)));
        Assert.That(registry.WhenRestoredAsync("other.Add", cancellationToken).IsCompleted, Is.True, "a module that is not stored does not wait");

        Assert.That(await registry.RestoreAsync(stored, cancellationToken), Is.EqualTo(1));
        await waiting;
        Assert.That((registry.IsRestoring("z"), registry.Restored.IsCompleted), Is.EqualTo((false, true)));
        Assert.That(registry.Find("z"), Is.Not.Null);
    }

    private ModuleRegistry NewRegistry(ModulePolicy? policy = null) => new(new ModuleCompiler(Log, policy), Log, new ModuleStore(Root, Log));

    private async Task<LoadedModule> RegisterZAsync(CancellationToken cancellationToken)
    {
        var registry = NewRegistry();
        var path = Repository.PathOf("Modules/z.cs");
        var outcome = await registry.RegisterAsync("z", await File.ReadAllTextAsync(path, cancellationToken), Repository.Sha256Of(path), "test", cancellationToken);
        Assert.That(outcome.Success, Is.True, string.Join("\n", outcome.Diagnostics));
        Assert.That(registry.Compiles, Is.EqualTo(1));
        return registry.Find("z")!;
    }

    private static bool SameInfo(Protocol.Messages.ModuleInfo a, Protocol.Messages.ModuleInfo b) =>
        a.Name == b.Name && a.Version == b.Version && a.Checksum == b.Checksum && a.Functions.SequenceEqual(b.Functions) && (a.Warnings ?? []).SequenceEqual(b.Warnings ?? []);

    private async Task AssertServesAsync(ModuleRegistry registry, CancellationToken cancellationToken)
    {
        var dispatcher = new CallDispatcher(new InProcessInvoker(registry, Log));
        var reply = await dispatcher.DispatchAsync(JsonRpcMessage.Request(RpcId.From(1), "z.Add", "[40,2]"), "test", cancellationToken);
        Assert.That(reply.ResultJson, Is.EqualTo("42"), reply.Error?.Message);
    }
}
