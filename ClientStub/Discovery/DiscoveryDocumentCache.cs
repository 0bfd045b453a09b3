using System.Text;
using Newtonsoft.Json;
using SimpleRpc.ClientStub.Proxies;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// Answers <c>rpc.discover</c> from a stub's proxy folder: reads and parses the proxy files only
/// when the folder changed since the last answer (<see cref="ProxyFolder.Changed"/>), and rebuilds
/// the document only when the set of module checksums differs, so repeated calls return the same
/// JSON text without touching the disk. Thread-safe: concurrent callers wait for one build.
/// </summary>
internal sealed class DiscoveryDocumentCache
{
    private readonly ProxyFolder _proxies;
    private readonly Lock _lock = new();
    private int _generation;
    private int _builtGeneration = -1;
    private string? _identity;
    private string? _key;
    private string? _json;

    /// <summary>Serves the proxies in <paramref name="proxies"/> and watches it for writes and removals.</summary>
    public DiscoveryDocumentCache(ProxyFolder proxies)
    {
        _proxies = proxies;
        _proxies.Changed += _ => Interlocked.Increment(ref _generation);
    }

    /// <summary>How many times the document was built (not served from the cache); for tests.</summary>
    public int Builds { get; private set; }

    /// <summary>The document as compact JSON text, for the result of <c>rpc.discover</c>.</summary>
    /// <param name="stubName">The stub's client name, for the title.</param>
    /// <param name="appEndpoint">Where apps connect, <c>host:port</c>.</param>
    /// <exception cref="IOException">The proxy folder could not be read.</exception>
    public string GetJson(string stubName, string appEndpoint)
    {
        lock (_lock)
        {
            // Read the generation before the files: a proxy written while we read bumps it
            // again, so the next call reads the folder once more instead of keeping a stale copy.
            var generation = Volatile.Read(ref _generation);
            var identity = stubName + "\n" + appEndpoint;
            if (generation == _builtGeneration && identity == _identity && _json is not null)
            {
                return _json;
            }

            var modules = ReadModules();
            var key = OpenRpcDocumentBuilder.DocumentVersion(modules);
            if (key != _key || identity != _identity || _json is null)
            {
                _json = OpenRpcDocumentBuilder.Build(modules, stubName, appEndpoint).ToString(Formatting.None);
                _key = key;
                _identity = identity;
                Builds++;
            }

            _builtGeneration = generation;
            return _json;
        }
    }

    private List<ProxyModule> ReadModules()
    {
        var modules = new List<ProxyModule>();
        foreach (var file in Directory.EnumerateFiles(_proxies.Path, "*.cs").Order(StringComparer.Ordinal))
        {
            string source;
            try
            {
                source = File.ReadAllText(file, Encoding.UTF8);
            }
            catch (FileNotFoundException)
            {
                // Removed between the listing and the read: the removal bumped the generation.
                continue;
            }

            // A file the stub did not write (or a damaged one) is left out, as ProxyFolder.Read does.
            if (ProxySyntaxReader.Read(source) is { } module && modules.TrueForAll(m => m.Name != module.Name))
            {
                modules.Add(module);
            }
        }

        return modules;
    }
}
