using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

[TestFixture]
public sealed class ModuleLoadContextTests
{
    private const int Timeout = 60_000;

    [Test, CancelAfter(Timeout)]
    public void LoadModule_CompiledModule_NamesTheContextAndRunsAFunction()
    {
        var bytes = SampleModules.CompileZ().Assembly!;

        var (context, assembly) = ModuleLoadContext.LoadModule("z", 1, bytes);
        try
        {
            var add = assembly.GetType("Samples.Z", throwOnError: true)!.GetMethod("Add")!;

            Assert.That(context.Name, Is.EqualTo("module:z:v1"));
            Assert.That(context.IsCollectible, Is.True);
            Assert.That(AssemblyLoadContext.GetLoadContext(assembly), Is.SameAs(context));
            Assert.That(assembly.GetName().Name, Is.EqualTo("SimpleRpc.Module.z.v1"));
            Assert.That(add.Invoke(null, [2, 3]), Is.EqualTo(5));
        }
        finally
        {
            context.Unload();
        }
    }

    [Test, CancelAfter(Timeout)]
    public void LoadModule_FrameworkTypes_ResolveFromTheDefaultContext()
    {
        var bytes = SampleModules.CompileZ().Assembly!;

        var (context, assembly) = ModuleLoadContext.LoadModule("z", 1, bytes);
        try
        {
            var slowAdd = assembly.GetType("Samples.Z", throwOnError: true)!.GetMethod("SlowAdd")!;

            Assert.That(slowAdd.ReturnType, Is.EqualTo(typeof(Task<int>)));
            Assert.That(AssemblyLoadContext.GetLoadContext(slowAdd.ReturnType.Assembly), Is.SameAs(AssemblyLoadContext.Default));
            Assert.That(context.Assemblies, Is.EqualTo(new[] { assembly }));
        }
        finally
        {
            context.Unload();
        }
    }

    [Test, CancelAfter(Timeout)]
    public void LoadModule_InvalidBytes_ThrowsBadImageFormatException()
    {
        Assert.That(() => ModuleLoadContext.LoadModule("z", 1, [1, 2, 3]), Throws.InstanceOf<BadImageFormatException>());
    }

    [Test, CancelAfter(Timeout)]
    public void Unload_AfterACall_ContextIsCollected()
    {
        var bytes = SampleModules.CompileZ().Assembly!;

        var context = LoadCallAndUnload(bytes);
        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.That(context.IsAlive, Is.False, "the module's load context is still referenced after Unload");
    }

    [Test, CancelAfter(Timeout), NonParallelizable]
    public void CountAlive_UnloadedContextStillPinned_CountedUntilReleasedAndCollected()
    {
        var bytes = SampleModules.CompileZ().Assembly!;
        CollectUntil(() => false);
        var before = ModuleLoadContext.CountAlive();

        // A type of the module's assembly pins its context after Unload(), as a cache that keeps
        // a module type would; AssemblyLoadContext.All no longer lists an unloading context.
        var pin = new StrongBox<Type?>();
        LoadAndUnload(bytes, pin);
        CollectUntil(() => false);
        Assert.That(ModuleLoadContext.CountAlive(), Is.EqualTo(before + 1), "an unloaded context that is still referenced counts as alive");
        Assert.That(AssemblyLoadContext.All.OfType<ModuleLoadContext>().Count(), Is.LessThan(before + 1));

        pin.Value = null;
        CollectUntil(() => ModuleLoadContext.CountAlive() == before);
        Assert.That(ModuleLoadContext.CountAlive(), Is.EqualTo(before), "a released context is no longer counted once collected");
    }

    private static void CollectUntil(Func<bool> done)
    {
        for (var i = 0; i < 20 && !done(); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>Leaves the module's type only in <paramref name="pin"/>: no local of the test's frame keeps it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LoadAndUnload(byte[] bytes, StrongBox<Type?> pin)
    {
        var (context, assembly) = ModuleLoadContext.LoadModule("z", 1, bytes);
        pin.Value = assembly.GetType("Samples.Z", throwOnError: true)!;
        context.Unload();
    }

    /// <summary>Does all the work that touches the module in a frame the JIT cannot inline, so no local keeps it alive.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadCallAndUnload(byte[] bytes)
    {
        var (context, assembly) = ModuleLoadContext.LoadModule("z", 1, bytes);
        var greet = assembly.GetType("Samples.Z", throwOnError: true)!.GetMethod("Greet")!;
        var greeting = (string?)greet.Invoke(null, ["unload"]);
        Assert.That(greeting, Is.EqualTo("Hello, unload!"));
        context.Unload();
        return new WeakReference(context);
    }
}
