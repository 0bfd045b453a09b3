using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

[TestFixture]
public sealed partial class ProxySourceEmitterTests
{
    private const int Timeout = 60_000;

    [Test, CancelAfter(Timeout)]
    public void Emit_SampleModuleZ_MatchesTheProxyTestAppBuildsAgainst()
    {
        var proxy = SampleModules.CompileZ().ProxySource!;

        // WRITE_EXPECTED=1 rewrites TestApp/Proxies/z.cs from the emitter.
        ExpectedFile.AssertMatches(Repository.PathOf("TestApp/Proxies/z.cs"), proxy);
    }

    [Test, CancelAfter(Timeout)]
    public void Emit_AnyModule_UsesLineFeedsOnly()
    {
        var source = SampleModules.ZSource.Replace("\n", "\r\n", StringComparison.Ordinal);

        var proxy = SampleModules.Compiler.Compile("z", source, 1, "00").ProxySource!;

        Assert.That(proxy, Does.Not.Contain("\r"));
        Assert.That(proxy, Does.EndWith("}\n"));
    }

    [Test, CancelAfter(Timeout)]
    public void Emit_RichModule_KeepsSignaturesAndDataShapes()
    {
        var proxy = CompileRich();

        Assert.That(proxy, Does.Contain("[global::SimpleRpc.Client.RpcModule(\"rich_sample\", Version = 3, Checksum = \"abc\")]\npublic static partial class RichSample\n{\n"));
        string[] expectedLines =
        [
            "    public static partial double Distance(global::SimpleRpc.Proxies.RichSample.Point a, global::SimpleRpc.Proxies.RichSample.Point b);",
            "    public static partial global::SimpleRpc.Proxies.RichSample.Point Scale(global::SimpleRpc.Proxies.RichSample.Point p, double factor = 1.5, int times = 2);",
            "    public static partial int Sum(params int[] values);",
            "    public static partial string Describe(string? name = null, string prefix = \"a\\\"b\\n\", char sep = ',', bool loud = false, "
                + "global::SimpleRpc.Proxies.RichSample.Color color = global::SimpleRpc.Proxies.RichSample.Color.Green, global::SimpleRpc.Proxies.RichSample.Color mixed = (global::SimpleRpc.Proxies.RichSample.Color)5, "
                + "global::SimpleRpc.Proxies.RichSample.Level level = global::SimpleRpc.Proxies.RichSample.Level.Low, decimal price = 1.25M, float ratio = 0.5F, long big = 5000000000, "
                + "double scale = 2, global::System.Threading.CancellationToken token = default);",
            "    public static partial global::System.Threading.Tasks.Task<global::System.Collections.Generic.List<global::SimpleRpc.Proxies.RichSample.Point>> ListAsync(int count, global::System.Threading.CancellationToken cancellationToken = default);",
            "    public static partial global::System.Threading.Tasks.ValueTask<global::SimpleRpc.Proxies.RichSample.Point?> FindAsync(global::System.Collections.Generic.Dictionary<string, global::SimpleRpc.Proxies.RichSample.Point> index, string key);",
            "    public static partial global::System.Threading.Tasks.Task DoAsync();",
            "    public static partial int? MaybeInt(int? value = null);",
            "    public static partial (int Min, int Max) MinMax(int[] values);",
            "    public static partial global::SimpleRpc.Proxies.RichSample.Span2 Clamp(global::SimpleRpc.Proxies.RichSample.Span2 range, global::SimpleRpc.Proxies.RichSample.Span2? limit = null);",
            "    public static partial string[][] Split(string[]? lines);",
            "    public static partial global::System.Collections.Generic.Dictionary<global::SimpleRpc.Proxies.RichSample.Level, global::System.Collections.Generic.List<global::SimpleRpc.Proxies.RichSample.Shape?>>? Group(global::SimpleRpc.Proxies.RichSample.Shape[] shapes, global::SimpleRpc.Proxies.RichSample.Level? level = global::SimpleRpc.Proxies.RichSample.Level.Mid);",
            "    public static partial string Join(global::System.Collections.Generic.List<string> parts, string separator = \", \");",
            "    public static partial string Join(global::System.Collections.Generic.List<string> parts, char separator);",
            "    public static partial string Join(global::System.Collections.Generic.IEnumerable<string?> parts);",
            "    public static partial string Shout(string message);",
            "    public static partial void Nothing();",
            Nested("public sealed record Point(int X, int Y);"),
            Nested("public record Shape\n{\n    public string Name { get; init; } = \"\";\n    public double Area { get; set; }\n    public string? Label { get; set; }\n    public required global::System.Collections.Generic.List<global::SimpleRpc.Proxies.RichSample.Point> Corners { get; init; }\n}\n"),
            Nested("public class Customer\n{\n    public int Id { get; set; }\n    public string Name { get; set; } = \"\";\n    public string? Email { get; set; }\n    public global::System.Collections.Generic.Dictionary<string, int> Scores { get; set; } = new();\n    public global::SimpleRpc.Proxies.RichSample.Color Favourite { get; set; }\n    public int Secret { get; init; }\n}\n"),
            Nested("public record struct Span2(int From, int To = 10);"),
            Nested("[global::System.Flags]\npublic enum Color : byte\n{\n    Red = 1,\n    Green = 2,\n    Blue = 4,\n}\n"),
            Nested("public enum Level\n{\n    Low = -1,\n    Mid = 0,\n    High = 10,\n}\n"),
        ];
        Assert.Multiple(() =>
        {
            foreach (var line in expectedLines)
            {
                Assert.That(proxy, Does.Contain(line));
            }
        });
        Assert.That(proxy, Does.Not.Contain(" Generic(").And.Not.Contain(" Hidden(").And.Not.Contain("=>").And.Not.Contain("this "));
    }

    [Test, CancelAfter(Timeout)]
    public void Emit_RichModule_ProxyWithoutBodiesFailsOnlyForMissingImplementations()
    {
        var proxy = CompileRich();
        var tree = CSharpSyntaxTree.ParseText(proxy, new CSharpParseOptions(LanguageVersion.Latest), "rich_sample.cs");

        var diagnostics = CompileProxy(tree);

        var functionCount = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Count();
        Assert.That(diagnostics.Select(d => d.Id), Is.EqualTo(Enumerable.Repeat("CS8795", functionCount)), () => string.Join("\n", diagnostics));
    }

    [Test, CancelAfter(Timeout)]
    public void Emit_RichModule_ProxyPlusTrivialBodiesCompilesWithoutErrorsOrWarnings()
    {
        var proxy = CompileRich();
        var tree = CSharpSyntaxTree.ParseText(proxy, new CSharpParseOptions(LanguageVersion.Latest), "rich_sample.cs");

        var diagnostics = CompileProxy(tree, ImplementingDeclarations(tree));

        Assert.That(diagnostics, Is.Empty, () => string.Join("\n", diagnostics));
    }

    [TestCase("z", "Z")]
    [TestCase("my_math", "MyMath")]
    [TestCase("myMath", "MyMath")]
    [TestCase("_x", "X")]
    [TestCase("a_1", "A1")]
    [TestCase("_", "Module")]
    [CancelAfter(Timeout)]
    public void GetClassName_ModuleName_IsPascalCaseWithoutUnderscores(string moduleName, string expected)
    {
        Assert.That(ProxySourceEmitter.GetClassName(moduleName), Is.EqualTo(expected));
    }

    /// <summary>A data type as the proxy declares it: nested in the proxy class, so indented one level.</summary>
    private static string Nested(string declaration) =>
        string.Join('\n', declaration.Split('\n').Select(line => line.Length == 0 ? line : "    " + line));

    private static string CompileRich()
    {
        var result = SampleModules.Compiler.Compile(RichModule.Name, RichModule.Source, 3, "abc");
        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        return result.ProxySource!;
    }

    /// <summary>
    /// Compiles the proxy the way TestApp does (nullable on, against Shared for the attribute) and
    /// returns its errors and warnings. The generator is not run: the second tree, if any, stands
    /// in for the bodies it would write.
    /// </summary>
    private static IReadOnlyList<Diagnostic> CompileProxy(params SyntaxTree[] trees)
    {
        var compilation = CSharpCompilation.Create(
            "ProxyCheck",
            trees,
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(SimpleRpc.Client.RpcModuleAttribute).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }

    /// <summary>
    /// Implementing declarations for every partial method of the proxy: same signature, defaults
    /// dropped (an implementation may not repeat them, CS1066), body <c>=> throw null!</c>.
    /// </summary>
    private static SyntaxTree ImplementingDeclarations(SyntaxTree proxy)
    {
        var proxyClass = proxy.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().First();
        var methods = proxyClass.Members.OfType<MethodDeclarationSyntax>().Select(m => m
            .WithParameterList(m.ParameterList.WithParameters(SyntaxFactory.SeparatedList(m.ParameterList.Parameters.Select(p => p.WithDefault(null)))))
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.ParseExpression("throw null!"))));
        var implementation = SyntaxFactory.CompilationUnit()
            .AddMembers(SyntaxFactory.FileScopedNamespaceDeclaration(SyntaxFactory.ParseName("SimpleRpc.Proxies"))
                .AddMembers(proxyClass.WithAttributeLists(default).WithMembers(SyntaxFactory.List<MemberDeclarationSyntax>(methods))))
            .NormalizeWhitespace();
        return CSharpSyntaxTree.ParseText(implementation.ToFullString(), new CSharpParseOptions(LanguageVersion.Latest), "rich_sample.bodies.cs");
    }
}
