using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Compilation.Policy;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Tests.Support;

/// <summary>A real registry and dispatcher with modules compiled by the real compiler.</summary>
internal sealed class ModuleHost
{
    public ModuleHost(ModulePolicy? policy = null)
    {
        var (log, sink) = CollectingSink.CreateLogger();
        Log = sink;
        Registry = new ModuleRegistry(new ModuleCompiler(log, policy), log);
        Dispatcher = new CallDispatcher(new InProcessInvoker(Registry, log));
    }

    public CollectingSink Log { get; }

    public ModuleRegistry Registry { get; }

    public CallDispatcher Dispatcher { get; }

    public static async Task<ModuleHost> WithModuleZAsync()
    {
        var host = new ModuleHost();
        var path = Repository.PathOf("Modules/z.cs");
        var outcome = await host.Registry.RegisterAsync("z", await File.ReadAllTextAsync(path), Repository.Sha256Of(path), "test", CancellationToken.None);
        Assert.That(outcome.Success, Is.True, string.Join("\n", outcome.Diagnostics));
        return host;
    }
}
