using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SimpleRpc.Proxy.Generator.Tests.Support;

/// <summary>
/// Runs the real <see cref="ProxyGenerator"/> over in-memory sources against the .NET 10
/// reference assemblies and the real Shared assembly (for <c>RpcModuleAttribute</c> and <c>RpcProxy</c>).
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The parse options for inputs and generated trees alike.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(SimpleRpc.Client.RpcProxy).Assembly.Location),
    ];

    /// <summary>A library compilation of <paramref name="sources"/>, nullable enabled.</summary>
    public static CSharpCompilation CreateCompilation(params (string Path, string Text)[] sources) =>
        CSharpCompilation.Create(
            "ProxyGeneratorTests",
            sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, ParseOptions, source.Path)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver for the generator that records every tracked step.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new ProxyGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="sources"/> and compiles the result.</summary>
    public static GenerationResult Run(params (string Path, string Text)[] sources)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(CreateCompilation(sources), out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        var diagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        return new GenerationResult(result, diagnostics);
    }

    /// <summary>The generated trees, by hint name.</summary>
    public static IReadOnlyDictionary<string, string> Sources(this GeneratorRunResult result) =>
        result.GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>One line per diagnostic, for assertion messages.</summary>
    public static string Describe(this IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => d.ToString()));
}
