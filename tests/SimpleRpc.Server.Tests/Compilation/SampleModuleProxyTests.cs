using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SimpleRpc.Proxy.Generator;
using SimpleRpc.Proxy.Generator.Analysis;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

/// <summary>
/// Every sample module in <c>Modules/</c>, compiled by the real <see cref="ModuleCompiler"/>: its
/// proxy matches <c>Snapshots/Proxies/&lt;module&gt;.cs</c>, and the proxy plus what the real
/// <see cref="ProxyGenerator"/> writes for it compile as an app would build them, alone and all
/// together, with no error, no warning and nothing from <see cref="ProxyContractAnalyzer"/>. A new
/// file in <c>Modules/</c> is picked up by itself. Also here, because it is about what an app can
/// call: which <c>CancellationToken</c> parameters the emitted proxy makes optional.
/// </summary>
[TestFixture]
public sealed class SampleModuleProxyTests
{
    private const int Timeout = 60_000;

    private const string ProxyNamespace = "SimpleRpc.Proxies";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // The app's references: the .NET 10 reference assemblies and Shared, which holds the
    // [RpcModule] attribute and the RpcProxy runtime the generated bodies call.
    private static readonly ImmutableArray<MetadataReference> AppReferences =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(SimpleRpc.Client.RpcProxy).Assembly.Location),
    ];

    // Nullable on and every warning wave, so the check is at least as strict as an app's build
    // with TreatWarningsAsErrors.
    private static readonly CSharpCompilationOptions AppOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 9999);

    /// <summary>The names of the sample modules: the files in <c>Modules/</c> without <c>.cs</c>.</summary>
    public static IEnumerable<string> SampleModuleNames() =>
        Directory.GetFiles(Repository.PathOf("Modules"), "*.cs")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(SampleModuleNames)), CancelAfter(Timeout)]
    public void Emit_SampleModule_MatchesSnapshot(string module)
    {
        var proxy = CompileSample(module);

        // WRITE_EXPECTED=1 rewrites the snapshot from the emitter.
        ExpectedFile.AssertMatches(SnapshotPath(module), proxy);
    }

    [Test, CancelAfter(Timeout)]
    public void Snapshots_EverySnapshot_BelongsToASampleModule()
    {
        var snapshots = Directory.GetFiles(Path.GetDirectoryName(SnapshotPath("z"))!, "*.cs").Select(path => Path.GetFileNameWithoutExtension(path));

        Assert.That(snapshots, Is.EquivalentTo(SampleModuleNames()), "delete the snapshot of a module that is gone");
    }

    [Test, CancelAfter(Timeout)]
    public async Task Emit_TokenParameters_OptionalWhereEveryLaterParameterIsOptional()
    {
        const string Source = """
            using System.Threading;
            using System.Threading.Tasks;

            namespace Samples;

            public static class Tokens
            {
                public static Task<int> Last(int a, CancellationToken ct) => Task.FromResult(a);
                public static Task<int> BeforeDefaults(CancellationToken ct, int a = 1, string b = "") => Task.FromResult(a);
                public static Task<int> Already(int a, CancellationToken ct = default) => Task.FromResult(a);
                public static int First(CancellationToken ct, int a) => a;
                public static int BeforeParams(CancellationToken ct, params int[] values) => values.Length;
            }
            """;
        var result = SampleModules.Compiler.Compile("tokens", Source, 1, "00");
        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        const string Token = "global::System.Threading.CancellationToken";

        Assert.That(result.ProxySource, Does.Contain("Last(int a, " + Token + " ct = default);"));
        Assert.That(result.ProxySource, Does.Contain("BeforeDefaults(" + Token + " ct = default, int a = 1, string b = \"\");"));
        Assert.That(result.ProxySource, Does.Contain("Already(int a, " + Token + " ct = default);"));
        Assert.That(result.ProxySource, Does.Contain("First(" + Token + " ct, int a);"));
        Assert.That(result.ProxySource, Does.Contain("BeforeParams(" + Token + " ct, params int[] values);"));
        var (_, diagnostics, _) = await GenerateAndCompileAsync(("tokens.cs", result.ProxySource!));
        Assert.That(diagnostics, Is.Empty, () => string.Join("\n", diagnostics));
    }

    [TestCaseSource(nameof(SampleModuleNames)), CancelAfter(Timeout)]
    public async Task Generate_SampleModuleProxy_CompilesWithoutErrorsOrWarnings(string module)
    {
        var (run, diagnostics, _) = await GenerateAndCompileAsync((module + ".cs", CompileSample(module)));

        Assert.That(run.Exception, Is.Null);
        Assert.That(run.Diagnostics, Is.Empty);
        Assert.That(run.GeneratedSources.Select(s => s.HintName), Is.EqualTo(new[] { ProxyNamespace + "." + ProxySourceEmitter.GetClassName(module) + ".g.cs" }));
        Assert.That(diagnostics, Is.Empty, () => string.Join("\n", diagnostics));
    }

    [Test, CancelAfter(Timeout)]
    public async Task Generate_AllSampleModuleProxies_CompileTogetherWithoutDiagnostics()
    {
        var proxies = SampleModuleNames().Select(m => (m + ".cs", CompileSample(m))).ToArray();
        Assert.That(SharedDataTypeNames(proxies), Is.Not.Empty, "no two sample modules declare a data type of the same name, so this test would prove nothing");

        var (run, diagnostics, app) = await GenerateAndCompileAsync(proxies);

        Assert.That(run.Exception, Is.Null);
        Assert.That(run.Diagnostics, Is.Empty);
        Assert.That(run.GeneratedSources, Has.Length.EqualTo(proxies.Length));
        Assert.That(diagnostics, Is.Empty, () => string.Join("\n", diagnostics));
        Assert.That(ForeignDataTypeUses(app), Is.Empty, "a proxy method, or its …Async twin, uses another module's data type");
    }

    internal static string CompileSample(string module)
    {
        var path = Repository.PathOf("Modules/" + module + ".cs");
        var result = SampleModules.Compiler.Compile(module, File.ReadAllText(path), 1, Repository.Sha256Of(path));

        // Samples are examples to copy: they compile without a warning too.
        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Diagnostics, Is.Empty, () => string.Join("\n", result.Diagnostics));
        return result.ProxySource!;
    }

    private static string SnapshotPath(string module) =>
        Repository.PathOf("tests/SimpleRpc.Server.Tests/Snapshots/Proxies/" + module + ".cs");

    /// <summary>
    /// Runs the real generator over <paramref name="proxies"/> in an app compilation, as the app's
    /// build does, then the real <see cref="ProxyContractAnalyzer"/> over the result, and returns
    /// the generator's run, the errors and warnings of proxies plus generated code together with
    /// every analyzer diagnostic (an analyzer crash shows up as AD0001), and the app compilation.
    /// </summary>
    internal static async Task<(GeneratorRunResult Run, IReadOnlyList<Diagnostic> Diagnostics, Microsoft.CodeAnalysis.Compilation App)> GenerateAndCompileAsync(
        params (string Path, string Text)[] proxies)
    {
        var input = CSharpCompilation.Create(
            "SampleApp",
            proxies.Select(p => CSharpSyntaxTree.ParseText(p.Text, ParseOptions, p.Path)),
            AppReferences,
            AppOptions);
        var driver = CSharpGeneratorDriver.Create([new ProxyGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(input, out var app, out _);
        var analyzed = app.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ProxyContractAnalyzer()));
        var diagnostics = (await analyzed.GetAllDiagnosticsAsync())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || d.Id.StartsWith("SRPC", StringComparison.Ordinal))
            .ToList();
        return (driver.GetRunResult().Results.Single(), diagnostics, app);
    }

    /// <summary>Names of data types (types nested in a proxy class) that more than one proxy declares.</summary>
    private static IEnumerable<string> SharedDataTypeNames((string Path, string Text)[] proxies) => proxies
        .SelectMany(p => CSharpSyntaxTree.ParseText(p.Text, ParseOptions).GetRoot().DescendantNodes()
            .OfType<BaseTypeDeclarationSyntax>()
            .Where(t => t.Parent is ClassDeclarationSyntax)
            .Select(t => (Module: p.Path, Name: t.Identifier.Text)))
        .GroupBy(t => t.Name)
        .Where(g => g.Select(t => t.Module).Distinct().Count() > 1)
        .Select(g => g.Key);

    /// <summary>
    /// Every method of a proxy class (partial declarations, generated bodies and twins) that
    /// mentions a type nested in a different proxy class, as "Method: Type".
    /// </summary>
    private static IEnumerable<string> ForeignDataTypeUses(Microsoft.CodeAnalysis.Compilation app)
    {
        static bool IsProxy(INamedTypeSymbol type) =>
            type.ContainingType is null && type.ContainingNamespace.ToDisplayString() == ProxyNamespace;

        var proxies = app.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>().Where(IsProxy);
        foreach (var proxy in proxies)
        {
            foreach (var method in proxy.GetMembers().OfType<IMethodSymbol>())
            {
                var used = method.Parameters.Select(p => p.Type).Append(method.ReturnType).SelectMany(Parts);
                foreach (var type in used.Where(t => t.ContainingType is { } outer && IsProxy(outer) && !SymbolEqualityComparer.Default.Equals(outer, proxy)))
                {
                    yield return method.ToDisplayString() + ": " + type.ToDisplayString();
                }
            }
        }
    }

    private static IEnumerable<ITypeSymbol> Parts(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => Parts(array.ElementType).Prepend(array),
        INamedTypeSymbol named => named.TypeArguments.SelectMany(Parts).Prepend(named),
        _ => [type],
    };
}
