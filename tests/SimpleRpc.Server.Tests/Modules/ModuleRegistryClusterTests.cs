using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Modules;

/// <summary>The registry's side of the cluster's catalogue (docs/cluster.md), with real compiles.</summary>
[CancelAfter(60_000)]
public sealed class ModuleRegistryClusterTests
{
    private static readonly string ZChecksum = Repository.Sha256Of(SampleModules.ZPath);

    [Test]
    public async Task RegisterAsync_AnotherNodeRecordedTheVersionFirst_CompilesAgainAboveIt(CancellationToken cancellationToken)
    {
        var (registry, catalogue) = Create();
        catalogue.RecordedElsewhere.Enqueue(1);

        var outcome = await registry.RegisterAsync("z", SampleModules.ZSource, ZChecksum, "alpha", cancellationToken);

        Assert.That(outcome.Module!.Info.Version, Is.EqualTo(2), "v1 went to the other node");
        Assert.That(catalogue.Appended, Is.EqualTo(new[] { 2 }));
        Assert.That(registry.Find("z")!.ProxySource, Does.Contain("2"));
    }

    [Test]
    public async Task RegisterAsync_OtherNodesWinEveryTry_RefusedClearly(CancellationToken cancellationToken)
    {
        var (registry, catalogue) = Create();
        foreach (var version in new[] { 1, 2, 3 })
        {
            catalogue.RecordedElsewhere.Enqueue(version);
        }

        var ex = Assert.ThrowsAsync<ModuleStoreException>(() => registry.RegisterAsync("z", SampleModules.ZSource, ZChecksum, "alpha", cancellationToken));

        Assert.That(ex!.Message, Does.Contain("publish again"));
        Assert.That(registry.Find("z"), Is.Null, "nothing of the refused publish serves");
    }

    [Test]
    public async Task ApplyAsync_SameOrOlderVersion_ChangesNothing(CancellationToken cancellationToken)
    {
        var (registry, _) = Create();
        Assert.That(await registry.ApplyAsync("z", 3, SampleModules.ZSource, ZChecksum, "alpha", DateTimeOffset.UtcNow, cancellationToken), Is.True);
        var published = 0;
        registry.Published += _ => published++;

        Assert.That(await registry.ApplyAsync("z", 3, SampleModules.ZSource, ZChecksum, "alpha", DateTimeOffset.UtcNow, cancellationToken), Is.False);
        Assert.That(await registry.ApplyAsync("z", 2, SampleModules.ZSource, ZChecksum, "alpha", DateTimeOffset.UtcNow, cancellationToken), Is.False);

        Assert.That(registry.Find("z")!.Info.Version, Is.EqualTo(3));
        Assert.That(published, Is.Zero);
    }

    [Test]
    public async Task ApplyRemovalAsync_ThenOlderPublishArrives_StaysRemoved(CancellationToken cancellationToken)
    {
        var (registry, _) = Create();
        await registry.ApplyAsync("z", 1, SampleModules.ZSource, ZChecksum, "alpha", DateTimeOffset.UtcNow, cancellationToken);

        await registry.ApplyRemovalAsync("z", 3, "alpha", "127.0.0.1:5050", cancellationToken);
        var revived = await registry.ApplyAsync("z", 2, SampleModules.ZSource, ZChecksum, "alpha", DateTimeOffset.UtcNow, cancellationToken);

        Assert.That(revived, Is.False);
        Assert.That(registry.Find("z"), Is.Null);
        Assert.That(registry.KnownVersion("z"), Is.EqualTo(3));
    }

    [Test]
    public async Task RegisterAsync_AfterRemoval_NumbersAboveTheRemoval(CancellationToken cancellationToken)
    {
        var (registry, _) = Create();
        await registry.RegisterAsync("z", SampleModules.ZSource, ZChecksum, "alpha", cancellationToken);
        await registry.RemoveAsync("z", "alpha", mayRemoveOthers: false, cancellationToken);

        var outcome = await registry.RegisterAsync("z", SampleModules.ZSource, ZChecksum, "alpha", cancellationToken);

        Assert.That(outcome.Module!.Info.Version, Is.EqualTo(3), "v2 was the removal; numbers are never handed out twice");
    }

    [Test]
    public async Task RemoveAsync_AdminRemovesAnothersModule_RecordsAndLogsTheAdminNotTheServerConsole(CancellationToken cancellationToken)
    {
        var (log, sink) = CollectingSink.CreateLogger();
        var (registry, catalogue) = Create(log);
        await registry.RegisterAsync("z", SampleModules.ZSource, ZChecksum, "alpha", cancellationToken);

        Assert.That(await registry.RemoveAsync("z", "omega", mayRemoveOthers: true, cancellationToken), Is.True);
        await registry.RegisterAsync("z", SampleModules.ZSource, ZChecksum, "alpha", cancellationToken);
        Assert.That(await registry.RemoveAsync("z", requestedBy: null, mayRemoveOthers: true, cancellationToken), Is.True);

        Assert.That(catalogue.RemovedBy, Is.EqualTo(new[] { "omega", "the server console" }));
        var removals = sink.Events.Where(e => e.MessageTemplate.Text.StartsWith("Removed", StringComparison.Ordinal)).Select(e => e.Properties["ClientId"].ToString()).ToList();
        Assert.That(removals, Is.EqualTo(new[] { "\"omega\"", "\"the server console\"" }));
    }

    [Test]
    public async Task RemoveAsync_NonAdminRemovesAnothersModule_IsRefusedAndNothingIsRecorded(CancellationToken cancellationToken)
    {
        var (registry, catalogue) = Create();
        await registry.RegisterAsync("z", SampleModules.ZSource, ZChecksum, "alpha", cancellationToken);

        Assert.ThrowsAsync<UnauthorizedAccessException>(() => registry.RemoveAsync("z", "beta", mayRemoveOthers: false, cancellationToken));

        Assert.That(catalogue.RemovedBy, Is.Empty);
        Assert.That(registry.Find("z"), Is.Not.Null);
    }

    [Test]
    public async Task ApplyRemovalAsync_FromAnotherNode_LogsWhoAskedAndWhere(CancellationToken cancellationToken)
    {
        var (log, sink) = CollectingSink.CreateLogger();
        var (registry, _) = Create(log);
        await registry.ApplyAsync("z", 1, SampleModules.ZSource, ZChecksum, "alpha", DateTimeOffset.UtcNow, cancellationToken);

        await registry.ApplyRemovalAsync("z", 2, "omega", "10.0.0.7:5050", cancellationToken);

        var removal = sink.Events.Single(e => e.MessageTemplate.Text.StartsWith("Removed", StringComparison.Ordinal));
        Assert.That(removal.RenderMessage(), Is.EqualTo("Removed \"z\" v1: the cluster's catalogue removed it as v2 at the request of \"omega\" on node \"10.0.0.7:5050\""));
    }

    private static (ModuleRegistry Registry, FakeCatalogue Catalogue) Create(Serilog.ILogger? log = null)
    {
        var catalogue = new FakeCatalogue();
        var registry = new ModuleRegistry(SampleModules.Compiler, log ?? CollectingSink.CreateLogger().Log) { Catalogue = catalogue };
        return (registry, catalogue);
    }
}
