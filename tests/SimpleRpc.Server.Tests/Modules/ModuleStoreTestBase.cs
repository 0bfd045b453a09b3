using Serilog.Events;
using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Modules;

/// <summary>A fresh store in its own temporary folder per test, deleted afterwards, with a collecting log.</summary>
public abstract class ModuleStoreTestBase
{
    protected const int Timeout = 30_000;

    protected const string SampleSource = "namespace Samples;\n\npublic static class Z\n{\n    public static int Add(int a, int b) => a + b;\n}\n";

    protected static readonly DateTimeOffset SampleTime = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2));

    protected string Root { get; private set; } = string.Empty;

    protected ModuleStore Store { get; private set; } = null!;

    private protected CollectingSink Sink { get; private set; } = null!;

    protected Serilog.ILogger Log { get; private set; } = null!;

    [SetUp]
    public void CreateStore()
    {
        Root = Path.Combine(Path.GetTempPath(), "simplerpc-store-" + Guid.NewGuid().ToString("N"), "modules");
        (Log, Sink) = CollectingSink.CreateLogger();
        Store = new ModuleStore(Root, Log);
    }

    [TearDown]
    public void DeleteStore()
    {
        var parent = Path.GetDirectoryName(Root)!;
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    protected static StoredModule Module(string name, int version = 1, byte[]? assembly = null, string source = SampleSource) =>
        new(name, version, "checksum-" + name + "-" + version, source, "alice", SampleTime, assembly, assembly is null ? null : "5.12.0");

    protected static byte[] Bytes(int length, byte seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed))];

    protected string ModuleFolder(string name) => Path.Combine(Root, name);

    /// <summary>Everything under the root whose name starts with '.', at any depth.</summary>
    protected IEnumerable<string> HiddenEntries() =>
        Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p).StartsWith('.'))
            .Select(p => Path.GetRelativePath(Root, p));

    /// <summary>The reasons of the warnings logged about <paramref name="moduleName"/>.</summary>
    protected IEnumerable<string> WarningsAbout(string moduleName) =>
        Sink.Events
            .Where(e => e.Level == LogEventLevel.Warning && Scalar(e, "ModuleName") == moduleName)
            .Select(e => Scalar(e, "Reason") ?? e.RenderMessage());

    /// <summary>Simulates a crash by moving a folder to a hidden name the store uses while saving.</summary>
    protected string Hide(string name, string prefix)
    {
        var hidden = Path.Combine(Root, prefix + name + "-" + Guid.NewGuid().ToString("N"));
        Directory.Move(ModuleFolder(name), hidden);
        return hidden;
    }

    /// <summary>Saves <paramref name="module"/> in a store beside this one and moves its folder here under a hidden name.</summary>
    protected string PlantHidden(StoredModule module, string prefix)
    {
        var elsewhere = new ModuleStore(Path.Combine(Path.GetDirectoryName(Root)!, "elsewhere"), Log);
        elsewhere.Save(module);
        var hidden = Path.Combine(Root, prefix + module.Name + "-" + Guid.NewGuid().ToString("N"));
        Directory.Move(Path.Combine(elsewhere.RootDirectory, module.Name), hidden);
        return hidden;
    }

    private static string? Scalar(LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: string text } ? text : null;
}
