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
