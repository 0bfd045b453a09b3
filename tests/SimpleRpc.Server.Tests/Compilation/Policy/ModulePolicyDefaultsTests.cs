using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SimpleRpc.Server.Compilation.Policy;

namespace SimpleRpc.Server.Tests.Compilation.Policy;

/// <summary>
/// The default list against the .NET 10 reference assemblies modules compile with: a typo in an
/// entry would silently ban nothing, so every entry must name something that exists.
/// </summary>
[TestFixture]
public sealed class ModulePolicyDefaultsTests
{
    private const int Timeout = 60_000;

    private static readonly CSharpCompilation References =
        CSharpCompilation.Create("refs", [], Net100.References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static IEnumerable<string> DefaultEntries() => ModulePolicy.DefaultEntries.Where(e => e != "N:SimpleRpc;the server's own assemblies (SimpleRpc)");

    [TestCaseSource(nameof(DefaultEntries)), CancelAfter(Timeout)]
    public void DefaultEntries_Entry_NamesSomethingInTheReferenceAssemblies(string text)
    {
        var entry = PolicyEntry.Parse(text);

        Assert.That(Resolve(entry), Is.Not.Empty, entry.Id);
    }

    [Test, CancelAfter(Timeout)]
    public void DefaultEntries_SimpleRpcNamespace_IsBannedAndAbsentFromTheReferences()
    {
        Assert.That(ModulePolicy.DefaultEntries, Does.Contain("N:SimpleRpc;the server's own assemblies (SimpleRpc)"));
        Assert.That(Resolve(PolicyEntry.Parse("N:SimpleRpc")), Is.Empty);
    }

    [TestCase("System.IO.StreamReader")]
    [TestCase("System.IO.StreamWriter")]
    [CancelAfter(Timeout)]
    public void Default_ReaderAndWriterConstructors_BannedExactlyWhenTheyTakeAPath(string typeName)
    {
        var constructors = References.GetTypesByMetadataName(typeName).Single().InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .ToList();

        Assert.That(constructors, Has.Count.GreaterThan(8));
        Assert.That(
            constructors.Where(c => ModulePolicy.Default.FindBan(c) is not null),
            Is.EquivalentTo(constructors.Where(c => c.Parameters.FirstOrDefault()?.Name == "path")));
    }

    [TestCase("T:System.IO.File", true)]
    [TestCase("T:System.IO.MemoryStream", false)]
    [TestCase("T:System.IO.Compression.GZipStream", true)]
    [TestCase("T:System.IO.Pipes.NamedPipeClientStream", true)]
    [TestCase("T:System.IO.MemoryMappedFiles.MemoryMappedFile", true)]
    [TestCase("T:System.Diagnostics.Stopwatch", false)]
    [TestCase("T:System.Threading.SemaphoreSlim", false)]
    [TestCase("T:System.Threading.Tasks.Task", false)]
    [TestCase("T:System.Threading.PeriodicTimer", false)]
    [TestCase("T:System.Timers.Timer", true)]
    [TestCase("T:System.Net.WebClient", true)]
    [TestCase("T:System.Net.Dns", true)]
    [TestCase("T:System.Net.WebUtility", false)]
    [TestCase("T:System.Runtime.InteropServices.NativeLibrary", true)]
    [TestCase("T:System.Runtime.InteropServices.MemoryMarshal", true)]
    [TestCase("T:System.Runtime.CompilerServices.Unsafe", true)]
    [TestCase("T:System.Reflection.Emit.DynamicMethod", true)]
    [TestCase("T:System.Reflection.MethodInfo", false)]
    [TestCase("P:System.Environment.CurrentDirectory", true)]
    [TestCase("M:System.Environment.GetEnvironmentVariable(System.String)", true)]
    [TestCase("P:System.Environment.NewLine", false)]
    [TestCase("M:System.GC.Collect", true)]
    [TestCase("M:System.GC.SuppressFinalize(System.Object)", false)]
    [TestCase("M:System.Type.GetType()", false)]
    [TestCase("M:System.Type.GetType(System.String)", true)]
    [TestCase("M:System.Threading.EventWaitHandle.#ctor(System.Boolean,System.Threading.EventResetMode)", false)]
    [CancelAfter(Timeout)]
    public void Default_Symbol_BannedOrAllowedAsDocumented(string id, bool banned)
    {
        var symbols = Resolve(PolicyEntry.Parse(id)).Where(s => s is not INamespaceSymbol).ToList();

        Assert.That(symbols, Is.Not.Empty);
        Assert.That(symbols.Select(s => ModulePolicy.Default.FindBan(s) is not null), Is.All.EqualTo(banned));
    }

    /// <summary>The symbols an entry names: the namespace, the type, or the member's overloads (or the one overload it names).</summary>
    private static List<ISymbol> Resolve(PolicyEntry entry)
    {
        if (entry.Kind == 'N')
        {
            INamespaceSymbol? ns = References.GlobalNamespace;
            foreach (var part in entry.Name.Split('.'))
            {
                ns = ns?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
            }

            return ns is null ? [] : [ns];
        }

        if (entry.Kind == 'T')
        {
            return [.. References.GetTypesByMetadataName(entry.Name)];
        }

        var open = entry.Name.IndexOf('(', StringComparison.Ordinal);
        var head = open < 0 ? entry.Name : entry.Name[..open];
        var dot = head.LastIndexOf('.');
        var memberName = head[(dot + 1)..].Replace("#ctor", ".ctor", StringComparison.Ordinal);
        return References.GetTypesByMetadataName(head[..dot])
            .SelectMany(t => t.GetMembers(memberName))
            .Where(m => entry.Kind == m.Kind switch
            {
                SymbolKind.Method => 'M',
                SymbolKind.Property => 'P',
                SymbolKind.Field => 'F',
                SymbolKind.Event => 'E',
                _ => '?',
            })
            .Where(m => open < 0 || Id(m) == entry.Id || (m is IMethodSymbol { Parameters.Length: 0 } && Id(m) + "()" == entry.Id))
            .ToList();
    }

    private static string Id(ISymbol symbol) => DocumentationCommentId.CreateDeclarationId(symbol)!.Split('~')[0];
}
