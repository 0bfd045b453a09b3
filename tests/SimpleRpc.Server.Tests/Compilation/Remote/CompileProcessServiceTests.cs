using System.Diagnostics;
using Serilog.Events;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Compilation.Remote;
using SimpleRpc.Server.Tests.Support;
using SimpleRpc.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation.Remote;

/// <summary>Compiles in a real compile process (<c>SimpleRpc.Server --compile</c>), started as the server starts it.</summary>
[TestFixture]
public sealed class CompileProcessServiceTests
{
    // A compile process pays Roslyn's JIT again (~2 s here, several times that on a busy VM).
    private const int Timeout = 120_000;

    private const string Broken = "public static class M\n{\n    public static int Add(int a, int b) => a + c;\n    public static void F() { int x = 1 }\n}\n";

    [TestCase("z"), TestCase("broken"), CancelAfter(Timeout)]
    public async Task CompileAsync_SameModule_SameResultAsInProcess(string module, CancellationToken cancellationToken)
    {
        var source = module == "z" ? SampleModules.ZSource : Broken;
        var baseline = new ModuleBaseline(1, SampleModules.ZSource);
        var (log, _) = CollectingSink.CreateLogger();
        var compiler = new ModuleCompiler(log);
        await using var service = new CompileProcessService(compiler, null, 50, TimeSpan.Zero, "Information", log);

        var remote = await service.CompileAsync(module, source, 2, "00", baseline, cancellationToken);
        var local = compiler.CompileAgainst(module, source, 2, "00", baseline, cancellationToken);

        Assert.That(remote.Success, Is.EqualTo(module == "z"));
        Assert.That(remote.Success, Is.EqualTo(local.Success));
        Assert.That(remote.Diagnostics, Is.EqualTo(local.Diagnostics));
        Assert.That(remote.Assembly, Is.EqualTo(local.Assembly), "compiles are deterministic: the same bytes");
        Assert.That(remote.ProxySource, Is.EqualTo(local.ProxySource));
        Assert.That(remote.Functions, Is.EqualTo(local.Functions).Using<ModuleFunctionInfo>(SameFunction));
        Assert.That(remote.Changes, Is.EqualTo(local.Changes));
        Assert.That(remote.RemovedFunctions, Is.EqualTo(local.RemovedFunctions).Using<RemovedFunction>((a, b) => a.Key == b.Key && a.Declaration == b.Declaration && a.RemovedIn == b.RemovedIn && a.Types.SequenceEqual(b.Types)));
        Assert.That(compiler.Timeout, Is.EqualTo(service.Timeout));
    }

    [Test, CancelAfter(Timeout)]
    public async Task CompileAsync_PastDeadline_KillsProcessRefusesModuleAndNextCompileWorks(CancellationToken cancellationToken)
    {
        var (log, sink) = CollectingSink.CreateLogger();
        var compiler = new ModuleCompiler(log) { Timeout = TimeSpan.FromSeconds(15) };
        await using var service = new CompileProcessService(compiler, null, 50, TimeSpan.Zero, "Information", log);
        await service.WarmAsync(cancellationToken);
        var pid = service.ProcessId!.Value;

        // Depth 14 would take the compiler about half an hour.
        var result = await service.CompileAsync("boom", ModuleCompilerTests.ExplosiveSource(14), 1, "00", null, cancellationToken);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { ModuleDiagnosticIds.CompileTimedOut }));
        await WaitForExitAsync(pid, cancellationToken);
        Assert.That(sink.Events.Select(e => e.RenderMessage()), Has.Some.Contains("Killing compile process " + pid));
        var next = await service.CompileAsync("z", SampleModules.ZSource, 2, "00", null, cancellationToken);
        Assert.That(next.Success, Is.True, string.Join("\n", next.Diagnostics));
        Assert.That(service.ProcessId, Is.Not.EqualTo(pid));
    }

    [Test, CancelAfter(Timeout)]
    public async Task CompileAsync_RecycleAfterReached_NextCompileRunsInANewProcess(CancellationToken cancellationToken)
    {
        var (log, sink) = CollectingSink.CreateLogger();
        await using var service = new CompileProcessService(new ModuleCompiler(log), null, 2, TimeSpan.Zero, "Information", log);

        await service.CompileAsync("z", SampleModules.ZSource, 1, "00", null, cancellationToken);
        var first = service.ProcessId!.Value;
        await service.CompileAsync("z", SampleModules.ZSource, 2, "00", null, cancellationToken);
        var recycled = await sink.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("Recycling compile process", StringComparison.Ordinal)).WaitAsync(Within.Limit, cancellationToken);
        var result = await service.CompileAsync("z", SampleModules.ZSource, 3, "00", null, cancellationToken);

        Assert.That(recycled.Properties["ProcessId"].ToString(), Is.EqualTo(first.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(result.Success, Is.True);
        Assert.That(service.ProcessId, Is.Not.EqualTo(first));
        await WaitForExitAsync(first, cancellationToken);
    }

    [Test, CancelAfter(Timeout)]
    public async Task CompileAsync_ProcessKilledFromOutside_RefusesThatCompileAndNextWorks(CancellationToken cancellationToken)
    {
        var (log, sink) = CollectingSink.CreateLogger();
        await using var service = new CompileProcessService(new ModuleCompiler(log) { Timeout = TimeSpan.FromSeconds(90) }, null, 50, TimeSpan.Zero, "Information", log);
        await service.WarmAsync(cancellationToken);
        var pid = service.ProcessId!.Value;

        var compile = service.CompileAsync("boom", ModuleCompilerTests.ExplosiveSource(14), 1, "00", null, cancellationToken);
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }

        var result = await compile;

        Assert.That(result.Success, Is.False);
        Assert.That(result.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { ModuleDiagnosticIds.CompileProcessLost }));
        Assert.That(sink.Events.Where(e => e.Level == LogEventLevel.Error).Select(e => e.RenderMessage()), Has.Some.StartsWith("Compile process " + pid + " ended during the compile of \"boom\" v1"));
        var next = await service.CompileAsync("z", SampleModules.ZSource, 2, "00", null, cancellationToken);
        Assert.That(next.Success, Is.True, string.Join("\n", next.Diagnostics));
        Assert.That(service.ProcessId, Is.Not.EqualTo(pid));
    }

    [Test, CancelAfter(Timeout)]
    public async Task CompileAsync_IdleLongerThanIdleAfter_ProcessStops(CancellationToken cancellationToken)
    {
        var (log, sink) = CollectingSink.CreateLogger();
        await using var service = new CompileProcessService(new ModuleCompiler(log), null, 50, TimeSpan.FromSeconds(1), "Information", log);
        await service.CompileAsync("z", SampleModules.ZSource, 1, "00", null, cancellationToken);
        var pid = service.ProcessId!.Value;

        await sink.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("Stopping compile process", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        Assert.That(service.ProcessId, Is.Null);
        await WaitForExitAsync(pid, cancellationToken);
    }

    private static bool SameFunction(ModuleFunctionInfo a, ModuleFunctionInfo b) =>
        a.Name == b.Name && a.TypeName == b.TypeName && a.ReturnType == b.ReturnType && a.ParameterTypes.SequenceEqual(b.ParameterTypes);

    private static async Task WaitForExitAsync(int pid, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return; // gone already
        }

        using (process)
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
    }
}
