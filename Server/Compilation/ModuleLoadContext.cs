using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// A collectible load context that holds exactly one compiled module version, named
/// <c>module:&lt;name&gt;:v&lt;version&gt;</c>. Every dependency (the framework, Shared) resolves from
/// the default context, so contract types keep one identity across modules and the server.
/// </summary>
/// <remarks>
/// Calling <see cref="AssemblyLoadContext.Unload"/> only starts the unload: the context goes away
/// when nothing references it any more (no <see cref="Type"/>, <see cref="MethodInfo"/>, delegate,
/// running thread, timer or cache entry that reaches into the module). Serializer and
/// <c>TypeDescriptor</c> caches pin a context forever (ModuleUnloadTests), so callers must keep module
/// types away from them.
/// </remarks>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    // Every context created and not yet collected. AssemblyLoadContext.All forgets a context as soon
    // as Unload() is called, so it cannot show one that something still pins after its unload.
    private static readonly List<WeakReference<ModuleLoadContext>> Created = [];

    /// <summary>Creates an empty collectible context for version <paramref name="version"/> of module <paramref name="moduleName"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="moduleName"/> is null.</exception>
    public ModuleLoadContext(string moduleName, int version)
        : base(ContextName(moduleName, version), isCollectible: true)
    {
        ModuleName = moduleName;
        Version = version;
        lock (Created)
        {
            Created.RemoveAll(c => !c.TryGetTarget(out _));
            Created.Add(new WeakReference<ModuleLoadContext>(this));
        }
    }

    /// <summary>
    /// How many module contexts this process has not collected yet: the ones in use, and the ones told
    /// to unload that the GC has not freed (all of them, if something pins them). Call after a full GC
    /// for a figure that counts only pinned ones. Thread-safe.
    /// </summary>
    public static int CountAlive()
    {
        lock (Created)
        {
            Created.RemoveAll(c => !c.TryGetTarget(out _));
            return Created.Count;
        }
    }

    /// <summary>The module's name.</summary>
    public string ModuleName { get; }

    /// <summary>The module's version.</summary>
    public int Version { get; }

    /// <summary>
    /// Creates a context for the module and loads <paramref name="assemblyBytes"/> (a PE image as
    /// <see cref="ModuleCompiler.Compile"/> returns it; its embedded PDB is read automatically, so
    /// stack traces carry line numbers). If loading fails, the new context is unloaded before the
    /// exception propagates.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="BadImageFormatException">The bytes are not a valid assembly.</exception>
    public static (ModuleLoadContext Context, Assembly Assembly) LoadModule(string name, int version, byte[] assemblyBytes)
    {
        ArgumentNullException.ThrowIfNull(assemblyBytes);
        var context = new ModuleLoadContext(name, version);
        try
        {
            using var stream = new MemoryStream(assemblyBytes, writable: false);
            return (context, context.LoadFromStream(stream));
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>
    /// Returns null for every dependency, so that it resolves from the default context: framework
    /// and Shared assemblies are never loaded twice (DNCP's shared-types rule).
    /// </summary>
    protected override Assembly? Load(AssemblyName assemblyName) => null;

    private static string ContextName(string moduleName, int version)
    {
        ArgumentNullException.ThrowIfNull(moduleName);
        return string.Create(CultureInfo.InvariantCulture, $"module:{moduleName}:v{version}");
    }
}
