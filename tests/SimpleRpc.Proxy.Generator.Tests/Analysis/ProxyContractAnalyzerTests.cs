using Microsoft.CodeAnalysis;
using SimpleRpc.Proxy.Generator.Analysis;
using SimpleRpc.Proxy.Generator.Tests.Support;

namespace SimpleRpc.Proxy.Generator.Tests.Analysis;

/// <summary>
/// The analyzer reports each shape the generator skips, with its own ID, at the declaration to
/// fix, naming the method (or class) and the reason; and reports nothing for real proxies.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class ProxyContractAnalyzerTests
{
    private const string Header = """
        #nullable enable
        namespace Demo.Bad;

        """;

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("SRPC0001", "The RpcModule attribute on 'Nameless' gives no module name", """
            [[|global::SimpleRpc.Client.RpcModule("")|]]
            public static partial class Nameless { public static int Get() => 1; }
            """);
        yield return Case("SRPC0001", "on 'NullName' gives no module name", """
            [[|global::SimpleRpc.Client.RpcModule(null!)|]]
            public static partial class NullName { public static int Get() => 1; }
            """);
        yield return Case("SRPC0001", "on 'NoArgument' gives no module name", """
            [[|global::SimpleRpc.Client.RpcModule|]]
            public static partial class NoArgument { public static int Get() => 1; }
            """);
        yield return Case("SRPC0002", "'Plain' is not declared partial", """
            [global::SimpleRpc.Client.RpcModule("plain")]
            public static class [|Plain|] { public static int Get() => 1; }
            """);
        yield return Case("SRPC0002", "'NotPartialOuter.Inner' gets no generated bodies because 'NotPartialOuter' is not declared partial", """
            public static class [|NotPartialOuter|]
            {
                [global::SimpleRpc.Client.RpcModule("np")]
                public static partial class Inner { public static int Get() => 1; }
            }
            """);
        yield return Case("SRPC0003", "'Generic' is generic", """
            [global::SimpleRpc.Client.RpcModule("generic")]
            public static partial class [|Generic|]<T> { public static int Get() => 1; }
            """);
        yield return Case("SRPC0003", "'Holder' is generic", """
            public partial class [|Holder|]<T>
            {
                [global::SimpleRpc.Client.RpcModule("held")]
                public static partial class Held { public static int Get() => 1; }
            }
            """);
        yield return Case("SRPC0004", "'FileLocal' is file-local", """
            [global::SimpleRpc.Client.RpcModule("file")]
            file static partial class [|FileLocal|] { public static int Get() => 1; }
            """);
        yield return Method("SRPC0005", "'U.Echo<T>(T)'", "public static partial T [|Echo|]<T>(T value);");
        yield return Method("SRPC0006", "'U.ByRef(ref int)' gets no generated body because parameter 'a' is passed by reference (ref)",
            "public static partial void ByRef(ref int [|a|]);");
        yield return Method("SRPC0006", "parameter 'a' is passed by reference (out)", "public static partial void Output(out int [|a|]);");
        yield return Method("SRPC0006", "parameter 'a' is passed by reference (in)", "public static partial int In(in int [|a|]);");
        yield return Method("SRPC0006", "parameter 'b' is passed by reference (ref readonly)", "public static partial int Peek(int a, ref readonly int [|b|]);");
        yield return Method("SRPC0007", "'U.Ref()' gets no generated body because it returns by reference", "public static partial ref int [|Ref|]();");
        yield return Method("SRPC0008", "the return type uses 'Span<int>'", "public static partial global::System.Span<int> [|Slice|](int[] values);");
        yield return Method("SRPC0008", "parameter 'values' uses 'ReadOnlySpan<int>'",
            "public static partial global::System.Threading.Tasks.Task<int> Sum(global::System.ReadOnlySpan<int> [|values|]);");
        yield return Method("SRPC0008", "parameter 'p' uses 'int*'", "public static unsafe partial int Deref(int* [|p|]);");
        yield return Method("SRPC0009", "'U.TwoTokens(CancellationToken, CancellationToken)' gets no generated body because parameter 'b' is a second CancellationToken",
            "public static partial int TwoTokens(global::System.Threading.CancellationToken a, global::System.Threading.CancellationToken [|b|]);");
        yield return Method("SRPC0010", "'U.Va(__arglist)' gets no generated body because it takes __arglist", "public static partial int [|Va|](__arglist);");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Analyze_SkippedShape_ReportsIdAtLocation(string id, string message, string markup)
    {
        var (text, span) = Markup.Parse(Header + markup);

        var (diagnostics, _) = await AnalyzerHarness.AnalyzeAsync(("bad.cs", text));

        Assert.That(diagnostics, Has.Length.EqualTo(1), diagnostics.Describe());
        var diagnostic = diagnostics[0];
        Assert.That(diagnostic.Id, Is.EqualTo(id));
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(diagnostic.Location.SourceTree?.FilePath, Is.EqualTo("bad.cs"));
        Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(span), "marked: " + text.Substring(span.Start, span.Length));
        Assert.That(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.Contain(message));
    }

    [Test]
    public async Task Analyze_EveryMissingBody_IsExplained()
    {
        // Everything the generator skips, in one app: each method the compiler says has no body
        // (CS8795) gets one of our diagnostics on it or on its class, unless its own types do
        // not resolve, which the compiler already reports (CS0246).
        var (diagnostics, app) = await AnalyzerHarness.AnalyzeAsync(("u.cs", Header + """
            [global::SimpleRpc.Client.RpcModule("generic")]
            public static partial class Generic<T> { public static partial int Get(); }

            public static class NotPartialOuter
            {
                [global::SimpleRpc.Client.RpcModule("np")]
                public static partial class Inner { public static partial int Get(); }
            }

            [global::SimpleRpc.Client.RpcModule("")]
            public static partial class Nameless { public static partial int Get(); }

            [global::SimpleRpc.Client.RpcModule("file")]
            file static partial class FileLocal { public static partial int Get(); }

            [global::SimpleRpc.Client.RpcModule("u")]
            public static partial class U
            {
                public static partial int Ok(int a);
                public static partial void ByRef(ref int a);
                public static partial void Output(out int a);
                public static partial void In(in int a);
                public static partial T Echo<T>(T value);
                public static partial global::System.Span<int> Slice(int[] values);
                public static partial int TwoTokens(global::System.Threading.CancellationToken a, global::System.Threading.CancellationToken b);
                public static partial ref int Ref();
                public static partial int Va(__arglist);
                public static partial Missing Broken(int a);
                public static partial int UsesMissing(Missing a);
            }
            """));

        var missing = app.GetDiagnostics().Where(d => d.Id == "CS8795").ToList();
        var unresolved = new[] { "Broken", "UsesMissing" };
        var unexplained = missing.Where(body =>
        {
            var tree = body.Location.SourceTree!;
            var method = (IMethodSymbol)app.GetSemanticModel(tree).GetDeclaredSymbol(tree.GetRoot().FindNode(body.Location.SourceSpan))!;
            return !unresolved.Contains(method.Name) && !diagnostics.Any(d => ExplainingSpans(method).Contains(d.Location.SourceSpan));
        }).ToList();

        Assert.That(missing, Has.Count.EqualTo(14), missing.Describe());
        Assert.That(unexplained, Is.Empty, unexplained.Describe());
        Assert.That(diagnostics.Select(d => d.Id).Distinct(), Is.EquivalentTo(ProxyDiagnostics.All.Where(d => d.DefaultSeverity == DiagnosticSeverity.Error).Select(d => d.Id)), diagnostics.Describe());
    }

    [Test]
    public async Task Analyze_HandWrittenAndUnrelatedMembers_ReportsNothing()
    {
        var (diagnostics, _) = await AnalyzerHarness.AnalyzeAsync(("fine.cs", Header + """
            [global::SimpleRpc.Client.RpcModule("fine", Version = 2)]
            public static partial class Fine
            {
                public static partial int Add(int a, int b);
                public static partial int Mul(int a, int b);
                public static partial int Mul(int a, int b) => a * b;
                public static partial void Swap(ref int a, ref int b);
                public static partial void Swap(ref int a, ref int b) => (a, b) = (b, a);
                public static T Echo<T>(T value) => value;
                public static int SubAsync => 0;
                public static partial int Sub(int a, int b);
            }

            // Not a proxy: no attribute, so generic partial methods are none of our business.
            public static partial class Other
            {
                public static partial T Echo<T>(T value);
                public static partial T Echo<T>(T value) => value;
            }
            """));

        Assert.That(diagnostics, Is.Empty, diagnostics.Describe());
    }

    [Test]
    public async Task Analyze_TestAppProxyZ_ReportsNothing()
    {
        var path = Path.Combine(RepositoryPaths.Root, "TestApp", "Proxies", "z.cs");

        var (diagnostics, _) = await AnalyzerHarness.AnalyzeAsync(("z.cs", File.ReadAllText(path)));

        Assert.That(diagnostics, Is.Empty, diagnostics.Describe());
    }

    [Test]
    public async Task Analyze_ServerSampleProxies_ReportNothing()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "SimpleRpc.Server.Tests", "Snapshots", "Proxies");
        var proxies = Directory.GetFiles(folder, "*.cs").Select(path => (Path.GetFileName(path), File.ReadAllText(path))).ToArray();
        Assert.That(proxies, Has.Length.GreaterThan(1));

        var (diagnostics, _) = await AnalyzerHarness.AnalyzeAsync(proxies);

        Assert.That(diagnostics, Is.Empty, diagnostics.Describe());
    }

    [Test]
    public void SupportedDiagnostics_EveryId_IsTrackedAndDocumented()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Proxy.Generator", "AnalyzerReleases.Unshipped.md"));
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics.md"));

        foreach (var descriptor in new ProxyContractAnalyzer().SupportedDiagnostics)
        {
            Assert.That(unshipped, Does.Contain(descriptor.Id + " | SimpleRpc.Proxy | " + descriptor.DefaultSeverity + " |"), descriptor.Id);
            Assert.That(docs, Does.Contain("## " + descriptor.Id + ": " + descriptor.Title), descriptor.Id);
        }
    }

    /// <summary>
    /// Where a diagnostic about <paramref name="method"/> may sit: its name, its parameters' names,
    /// and the names and marker attributes of the types containing it.
    /// </summary>
    private static HashSet<Microsoft.CodeAnalysis.Text.TextSpan> ExplainingSpans(IMethodSymbol method)
    {
        var symbols = new List<ISymbol> { method };
        symbols.AddRange(method.Parameters);
        var spans = new HashSet<Microsoft.CodeAnalysis.Text.TextSpan>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            symbols.Add(type);
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.ApplicationSyntaxReference is { } reference)
                {
                    spans.Add(reference.Span);
                }
            }
        }

        spans.UnionWith(symbols.SelectMany(symbol => symbol.Locations).Select(location => location.SourceSpan));
        return spans;
    }

    private static TestCaseData Case(string id, string message, string markup) =>
        new TestCaseData(id, message, markup).SetArgDisplayNames(id, message);

    private static TestCaseData Method(string id, string message, string declaration) => Case(id, message, """
        [global::SimpleRpc.Client.RpcModule("u")]
        public static partial class U
        {
            public static partial int Ok(int a);
        """ + "\n    " + declaration + "\n}\n");
}
