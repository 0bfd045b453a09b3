using System.Reflection;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Serialization;

namespace SimpleRpc.Server.Modules;

/// <summary>
/// One version of a module: its source, proxy, load context, function table and the serializer
/// for its own types. Counts the calls running on it so that a replaced version is unloaded only
/// after its last call has finished.
/// </summary>
public sealed class LoadedModule
{
    private ModuleLoadContext? _context;
    private IReadOnlyDictionary<string, ModuleFunction[]> _functions;
    private ModuleValueSerializer? _values;
    private int _activeCalls;
    private int _retired;
    private int _unloaded;

    internal LoadedModule(ModuleInfo info, string source, string proxySource, ModuleLoadContext context, Assembly assembly, byte[]? image = null)
    {
        Image = image;
        _functions = BuildFunctionTable(assembly);
        _values = new ModuleValueSerializer(assembly);
        Info = info with { Functions = [.. _functions.Values.SelectMany(f => f).Select(f => f.Signature)] };
        Source = source;
        ProxySource = proxySource;
        _context = context;
    }

    /// <summary>Name, version, checksum, functions, who registered it and when.</summary>
    public ModuleInfo Info { get; }

    /// <summary>The module's name.</summary>
    public string Name => Info.Name;

    /// <summary>The module's C# source as uploaded.</summary>
    public string Source { get; }

    /// <summary>The headers-only proxy pushed to stubs.</summary>
    public string ProxySource { get; }

    /// <summary>The removed functions the proxy still declares, carried on to the next version's proxy.</summary>
    public IReadOnlyList<RemovedFunction> RemovedFunctions { get; init; } = [];

    /// <summary>The compiled PE image (with its PDB), which the server sends to the module's worker process.</summary>
    internal byte[]? Image { get; }

    /// <summary>Calls running on this version right now.</summary>
    public int ActiveCalls => Volatile.Read(ref _activeCalls);

    /// <summary>Raised once, after the load context was told to unload.</summary>
    internal event Action<LoadedModule>? Unloaded;

    /// <summary>Serializes values of this module's types without any process-wide cache seeing them.</summary>
    internal ModuleValueSerializer Values => _values ?? throw new ObjectDisposedException(Name);

    /// <summary>The overloads of <paramref name="function"/>; empty when there is no such function.</summary>
    public IReadOnlyList<ModuleFunction> Overloads(string function) =>
        _functions.TryGetValue(function, out var overloads) ? overloads : [];

    /// <summary>The proxy as a stub receives it.</summary>
    public ProxyUpdate ToProxyUpdate() => new(Info.Name, Info.Version, Info.Checksum, ProxySource, Info.RegisteredAt);

    /// <summary>A weak reference to the load context, for tests that prove it unloads.</summary>
    internal WeakReference ContextReference() => new(_context);

    /// <summary>Starts a call; false when the version was retired (resolve the module again).</summary>
    /// <remarks>Interlocked on both sides: either this call sees the retirement, or
    /// <see cref="Retire"/> sees this call and the last <see cref="ExitCall"/> unloads.</remarks>
    internal bool TryEnterCall()
    {
        Interlocked.Increment(ref _activeCalls);
        if (Volatile.Read(ref _retired) == 0)
        {
            return true;
        }

        ExitCall();
        return false;
    }

    /// <summary>Ends a call started by <see cref="TryEnterCall"/>.</summary>
    internal void ExitCall()
    {
        if (Interlocked.Decrement(ref _activeCalls) == 0 && Volatile.Read(ref _retired) != 0)
        {
            UnloadOnce();
        }
    }

    /// <summary>Stops new calls; unloads now if none is running, else after the last one.</summary>
    internal void Retire()
    {
        Interlocked.Exchange(ref _retired, 1);
        if (Volatile.Read(ref _activeCalls) == 0)
        {
            UnloadOnce();
        }
    }

    // Drops every reference to the module's types (functions, serializer metadata) and starts
    // unloading its context; the runtime frees it once nothing refers to it any more.
    private void UnloadOnce()
    {
        if (Interlocked.Exchange(ref _unloaded, 1) != 0)
        {
            return;
        }

        _functions = new Dictionary<string, ModuleFunction[]>();
        _values = null;
        Interlocked.Exchange(ref _context, null)?.Unload();
        Unloaded?.Invoke(this);
    }

    // The same rule the compiler exports by: public static methods of public, non-generic,
    // top-level classes (ModuleCompiler checks the rest, such as ref parameters).
    private static Dictionary<string, ModuleFunction[]> BuildFunctionTable(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsNested && !t.IsGenericTypeDefinition)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && !m.IsGenericMethodDefinition)
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(m => new ModuleFunction(m)).ToArray(), StringComparer.Ordinal);
}
