using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Compilation.Remote;
using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Tests.Support;
using SimpleRpc.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

/// <summary><c>compileIsolation</c>, <c>compileRecycleAfter</c> and <c>compileIdleSeconds</c>, and a registry that compiles in the compile process.</summary>
[TestFixture]
public sealed class ModuleCompileServicesTests
{
    private const int Timeout = 120_000;

    [TestCase("process", typeof(CompileProcessService))]
    [TestCase("PROCESS", typeof(CompileProcessService))]
    [TestCase("inProcess", typeof(InProcessCompileService))]
    [CancelAfter(Timeout)]
    public async Task Create_CompileIsolation_ChoosesTheService(string isolation, Type expected)
    {
        var (log, _) = CollectingSink.CreateLogger();

        await using var service = ModuleCompileServices.Create(new ServerOptions { CompileIsolation = isolation }, new ModuleCompiler(log), log);

        Assert.That(service, Is.InstanceOf(expected));
    }

    [Test]
    public void Create_Defaults_CompileInAProcessRecycledAfter50()
    {
        var options = new ServerOptions();

        Assert.That((options.CompileIsolation, options.CompileRecycleAfter, options.CompileIdleSeconds, options.CompileMemoryLimitMB), Is.EqualTo(("process", 50, 60, 1024)));
    }

    [TestCase("thread", 50, 60, 1024, "compileIsolation")]
    [TestCase("process", 0, 60, 1024, "compileRecycleAfter")]
    [TestCase("process", 50, -1, 1024, "compileIdleSeconds")]
    [TestCase("process", 50, 60, 63, "compileMemoryLimitMB")]
    public void Create_OutOfRange_ThrowsNamingTheKey(string isolation, int recycleAfter, int idleSeconds, int memoryLimitMB, string key)
    {
        var (log, _) = CollectingSink.CreateLogger();
        var options = new ServerOptions { CompileIsolation = isolation, CompileRecycleAfter = recycleAfter, CompileIdleSeconds = idleSeconds, CompileMemoryLimitMB = memoryLimitMB };

        Assert.That(() => ModuleCompileServices.Create(options, new ModuleCompiler(log), log), Throws.ArgumentException.With.Message.StartsWith(key));
    }

    [Test, CancelAfter(Timeout)]
    public async Task Create_CompileMemoryLimitMB_IsTheCompileProcessHeapLimit(CancellationToken cancellationToken)
    {
        var (log, _) = CollectingSink.CreateLogger();
        await using var service = (CompileProcessService)ModuleCompileServices.Create(new ServerOptions { CompileMemoryLimitMB = 700 }, new ModuleCompiler(log), log);
        await service.WarmAsync(cancellationToken);

        var environment = File.ReadAllText($"/proc/{service.ProcessId}/environ").Split('\0');

        Assert.That(environment, Does.Contain("DOTNET_GCHeapHardLimit=0x2BC00000"));
    }

    [Test, CancelAfter(Timeout)]
    public async Task RegisterAsync_CompileProcess_ServesTheModuleAndTheServerCompilesNothing(CancellationToken cancellationToken)
    {
        var (serverLog, serverSink) = CollectingSink.CreateLogger();
        var compiler = new ModuleCompiler(serverLog);
        await using var service = new CompileProcessService(compiler, null, 50, TimeSpan.Zero, "Information", serverLog);
        var registry = new ModuleRegistry(service, serverLog);

        var first = await registry.RegisterAsync("z", SampleModules.ZSource, "01", "test", cancellationToken);
        var second = await registry.RegisterAsync("z", SampleModules.ZSource, "02", "test", cancellationToken);

        Assert.That(first.Success && second.Success, Is.True);
        Assert.That(registry.Find("z")!.Info.Version, Is.EqualTo(2));
        Assert.That(service.ProcessId, Is.Not.Null);

        // The compiler in this process logs each compile it runs; the service logs those of the compile process.
        var templates = serverSink.Events.Select(e => e.MessageTemplate.Text).ToList();
        Assert.That(templates, Has.None.EqualTo("Compiled {ModuleName} v{ModuleVersion} in {ElapsedMs} ms"));
        Assert.That(templates.Count(t => t == "Compiled {ModuleName} v{ModuleVersion} in {ElapsedMs} ms (compile process {ProcessId})"), Is.EqualTo(2));
    }
}
