using System.Reflection;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Modules;

/// <summary>
/// One version of a module: its source, proxy, load context and function table.
/// </summary>
public sealed class LoadedModule
{
    private ModuleLoadContext? _context;
    private IReadOnlyDictionary<string, ModuleFunction[]> _functions;

    internal LoadedModule(ModuleInfo info, string source, string proxySource, ModuleLoadContext context, Assembly assembly)
    {
        _functions = BuildFunctionTable(assembly);
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

    /// <summary>The overloads of <paramref name="function"/>; empty when there is no such function.</summary>
    public IReadOnlyList<ModuleFunction> Overloads(string function) =>
        _functions.TryGetValue(function, out var overloads) ? overloads : [];

    /// <summary>The proxy as a stub receives it.</summary>
    public ProxyUpdate ToProxyUpdate() => new(Info.Name, Info.Version, Info.Checksum, ProxySource);

    /// <summary>
    /// Drops every reference to the module's types and starts unloading its context. Calls
    /// already running keep the context alive until they finish (the runtime unloads it then).
    /// </summary>
    public void Unload()
    {
        _functions = new Dictionary<string, ModuleFunction[]>();
        Interlocked.Exchange(ref _context, null)?.Unload();
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
