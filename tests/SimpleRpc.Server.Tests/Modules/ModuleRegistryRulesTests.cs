using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Modules;

/// <summary>The registry applies the module rules to what it serves: real compiles, real loads.</summary>
[TestFixture]
public sealed class ModuleRegistryRulesTests
{
    private const int Timeout = 60_000;
    private const string Source = "public static class M { public static int One() => 1; }";

    [Test, CancelAfter(Timeout)]
    public async Task CheckPublish_NameDiffersOnlyInCase_ThrowsArgumentException(CancellationToken cancellationToken)
    {
        var host = await HostWithAsync("my_math", "alpha", cancellationToken);

        Assert.That(
            () => host.Registry.CheckPublish("My_math", "alpha", mayReplaceOthers: false),
            Throws.ArgumentException.With.Message.EqualTo("module 'my_math' exists; names that differ only in case would clash in proxy folders."));
    }

    [Test, CancelAfter(Timeout)]
    public async Task CheckPublish_SameProxyClass_ThrowsArgumentException(CancellationToken cancellationToken)
    {
        var host = await HostWithAsync("my_math", "alpha", cancellationToken);

        Assert.That(
            () => host.Registry.CheckPublish("myMath", "alpha", mayReplaceOthers: true),
            Throws.ArgumentException.With.Message.EqualTo("module 'my_math' already has the proxy class MyMath; an app could not build with both."));
    }

    [Test, CancelAfter(Timeout)]
    public async Task CheckPublish_AnotherClientsModule_RefusedUnlessAdminOrOwner(CancellationToken cancellationToken)
    {
        var host = await HostWithAsync("m", "alpha", cancellationToken);

        Assert.That(
            () => host.Registry.CheckPublish("m", "beta", mayReplaceOthers: false),
            Throws.TypeOf<UnauthorizedAccessException>().With.Message.EqualTo("Only 'alpha', who registered 'm', or an admin key may replace it."));
        Assert.That(() => host.Registry.CheckPublish("m", "beta", mayReplaceOthers: true), Throws.Nothing);
        Assert.That(() => host.Registry.CheckPublish("m", "Alpha", mayReplaceOthers: false), Throws.Nothing);
        Assert.That(() => host.Registry.CheckPublish("n", "beta", mayReplaceOthers: false), Throws.Nothing, "a free name is anyone's");
    }

    [Test, CancelAfter(Timeout)]
    public void CheckPublish_InvalidName_ThrowsArgumentException()
    {
        var host = new ModuleHost();

        Assert.That(() => host.Registry.CheckPublish("class", "alpha", mayReplaceOthers: true), Throws.ArgumentException.With.Message.Contains("plain C# identifier"));
    }

    [Test, CancelAfter(Timeout)]
    public void RegisterAsync_InvalidName_ThrowsBeforeCompiling(CancellationToken cancellationToken)
    {
        var host = new ModuleHost();

        Assert.That(
            () => host.Registry.RegisterAsync("my-math", Source, "00", "alpha", cancellationToken),
            Throws.ArgumentException.With.Message.Contains("plain C# identifier"));
        Assert.That(host.Registry.Snapshot(), Is.Empty);
    }

    [Test, CancelAfter(Timeout)]
    public async Task RegisterAsync_AnotherClientPublishedSinceTheUploadBegan_ThrowsAndKeepsTheServingVersion(CancellationToken cancellationToken)
    {
        // The check at the upload's begin passed for beta; alpha published first.
        var host = await HostWithAsync("m", "alpha", cancellationToken);

        Assert.That(
            () => host.Registry.RegisterAsync("m", Source, "02", "beta", allowBreaking: false, mayReplaceOthers: false, cancellationToken),
            Throws.TypeOf<UnauthorizedAccessException>().With.Message.EqualTo("Only 'alpha', who registered 'm', or an admin key may replace it."));
        Assert.That(host.Registry.Find("m")!.Info.Version, Is.EqualTo(1));
    }

    [Test, CancelAfter(Timeout)]
    public async Task RegisterAsync_CaseTwinPublishedSinceTheUploadBegan_ThrowsArgumentException(CancellationToken cancellationToken)
    {
        var host = await HostWithAsync("m", "alpha", cancellationToken);

        Assert.That(
            () => host.Registry.RegisterAsync("M", Source, "02", "alpha", cancellationToken),
            Throws.ArgumentException.With.Message.Contains("differ only in case"));
        Assert.That(host.Registry.Snapshot().Select(m => m.Name), Is.EqualTo(new[] { "m" }));
    }

    [Test, CancelAfter(Timeout)]
    public async Task RemoveAsync_AnotherClientsModule_RefusedWithTheDocumentedMessage(CancellationToken cancellationToken)
    {
        var host = await HostWithAsync("m", "alpha", cancellationToken);

        Assert.That(
            () => host.Registry.RemoveAsync("m", "beta", mayRemoveOthers: false, cancellationToken),
            Throws.TypeOf<UnauthorizedAccessException>().With.Message.EqualTo("Only 'alpha', who registered 'm', or the server console may unregister it."));
        Assert.That(host.Registry.Find("m"), Is.Not.Null);
        Assert.That(await host.Registry.RemoveAsync("m", requestedBy: null, mayRemoveOthers: false, cancellationToken), Is.True, "the server console may");
    }

    private static async Task<ModuleHost> HostWithAsync(string name, string owner, CancellationToken cancellationToken)
    {
        var host = new ModuleHost();
        var outcome = await host.Registry.RegisterAsync(name, Source, "01", owner, cancellationToken);
        Assert.That(outcome.Success, Is.True, () => string.Join("\n", outcome.Diagnostics));
        return host;
    }
}
