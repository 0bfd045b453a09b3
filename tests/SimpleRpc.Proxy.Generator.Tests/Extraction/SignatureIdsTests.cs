using Microsoft.CodeAnalysis;
using SimpleRpc.Proxy.Generator.Extraction;
using SimpleRpc.Proxy.Generator.Tests.Support;

namespace SimpleRpc.Proxy.Generator.Tests.Extraction;

/// <summary>
/// Signature ids follow the rules in <c>SimpleRpc.Client.RpcMethod</c>'s remarks, for single types
/// and for every function of the real proxies, compared with lists written by hand from the modules.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class SignatureIdsTests
{
    private static readonly Dictionary<string, string[]> SampleSignatures = new(StringComparer.Ordinal)
    {
        ["z"] =
        [
            "Add(int,int)", "Multiply(double,double)", "Greet(string)", "Reverse(string)", "Sum(int[])", "Squares(int)",
            "Words(string)", "Divide(int,int)", "Fail(string)", "SlowAdd(int,int,int)",
        ],
        ["geometry"] =
        [
            "Distance(Point,Point)", "Midpoint(Segment)", "Translate(Point,double,double)", "Scale(Point[],double)",
            "Centroid(List<Point>)", "BoundingBox(IReadOnlyList<Point>,string)", "SizeOf(Box)", "Classify(int)",
            "KindsFrom(ShapeKind)", "MakePolygon(string,Point[])", "Edges(Polygon)", "Perimeter(Polygon)", "Area(Polygon)",
            "Largest(List<Polygon>)",
        ],
        ["text"] =
        [
            "Pad(string,int)", "Pad(string,int,char)", "Indent(string,int)", "Indent(string,string)", "Repeat(string,int)",
            "Truncate(string,int,string)", "Slugify(string,char,bool)", "Join(string,string[])",
            "Occurrences(string,string,StringComparison)", "FirstWord(string)", "Coalesce(string,string)", "Lengths(string[])",
            "Tag(string,string)", "Frequencies(string,int)", "IsPalindrome(string,bool)",
        ],
        ["inventory"] =
        [
            "Catalog()", "Find(string)", "FindById(Guid)", "ReorderLevelOf(string)", "Reserve(string,long)",
            "Apply(Item,StockChange)", "BelowReorderLevel()", "FindAsync(string)", "TotalValueAsync(List<Item>)",
            "ValidateAsync(Item)", "StockByWarehouseAsync(int)", "LastStocktake()",
        ],
        ["stats"] =
        [
            "Mean(IReadOnlyList<double>)", "MeanOrNull(double[])", "Median(double[])", "Describe(IReadOnlyList<double>)",
            "Percentiles(IReadOnlyList<double>,double[])", "Normalize(Dictionary<string,double>)",
            "GroupMeans(Dictionary<string,double[]>)", "Histogram(IReadOnlyList<double>,int)", "MovingAverage(double[],int)",
            "Transpose(double[][])", "Multiply(double[][],double[][])", "Fit(IReadOnlyList<Point>)", "Sample(int,int)",
        ],
    };

    public static IEnumerable<string> SampleModules => SampleSignatures.Keys.Order(StringComparer.Ordinal);

    [Test]
    public void Generate_TestAppProxyZ_DeclaresOneMethodPerFunctionWithItsSignatureId()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "TestApp", "Proxies", "z.cs"));

        var fields = GeneratedMethods.Fields(GeneratorHarness.Run(("z.cs", source)).Run.GeneratedSources.Single().SourceText.ToString());

        Assert.That(fields.Select(f => f.Signature), Is.EqualTo(SampleSignatures["z"]));
        Assert.That(fields.Select(f => f.Name), Is.EqualTo(SampleSignatures["z"].Select(s => "__SimpleRpc_" + s[..s.IndexOf('(')] + "_0")));
        Assert.That(fields.Select(f => (f.Module, f.Version)), Is.All.EqualTo(("z", 1)));
    }

    [TestCaseSource(nameof(SampleModules))]
    public void Generate_ServerSampleProxy_SignatureIdsMatchTheModule(string module)
    {
        var path = Path.Combine(RepositoryPaths.Root, "tests", "SimpleRpc.Server.Tests", "Snapshots", "Proxies", module + ".cs");

        var fields = GeneratedMethods.Fields(GeneratorHarness.Run((module + ".cs", File.ReadAllText(path))).Run.GeneratedSources.Single().SourceText.ToString());

        Assert.That(fields.Select(f => f.Signature), Is.EqualTo(SampleSignatures[module]));
        Assert.That(fields.Select(f => f.Module), Is.All.EqualTo(module));
        Assert.That(fields.Select(f => f.Name), Is.Unique);
    }

    [Test]
    public void Generate_ServerSampleProxies_EveryModuleHasAnExpectedList()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "SimpleRpc.Server.Tests", "Snapshots", "Proxies");

        Assert.That(Directory.GetFiles(folder, "*.cs").Select(Path.GetFileNameWithoutExtension), Is.EquivalentTo(SampleModules));
    }

    [TestCase("int", "int")]
    [TestCase("System.Int32", "int")]
    [TestCase("bool", "bool")]
    [TestCase("byte", "byte")]
    [TestCase("sbyte", "sbyte")]
    [TestCase("short", "short")]
    [TestCase("ushort", "ushort")]
    [TestCase("uint", "uint")]
    [TestCase("long", "long")]
    [TestCase("ulong", "ulong")]
    [TestCase("float", "float")]
    [TestCase("double", "double")]
    [TestCase("decimal", "decimal")]
    [TestCase("char", "char")]
    [TestCase("string", "string")]
    [TestCase("object", "object")]
    [TestCase("string?", "string")]
    [TestCase("object?", "object")]
    [TestCase("dynamic", "object")]
    [TestCase("int?", "int?")]
    [TestCase("System.Nullable<System.Guid>", "Guid?")]
    [TestCase("Color?", "Color?")]
    [TestCase("int[]", "int[]")]
    [TestCase("string?[]?", "string[]")]
    [TestCase("int?[]", "int?[]")]
    [TestCase("int[][]", "int[][]")]
    [TestCase("int[,]", "int[,]")]
    [TestCase("int[][,]", "int[][,]")]
    [TestCase("int[,][]", "int[,][]")]
    [TestCase("params int[]", "int[]")]
    [TestCase("System.Collections.Generic.List<Point>", "List<Point>")]
    [TestCase("System.Collections.Generic.List<string?>?", "List<string>")]
    [TestCase("System.Collections.Generic.Dictionary<string, double[]>", "Dictionary<string,double[]>")]
    [TestCase("System.Collections.Generic.Dictionary<int?, System.Collections.Generic.List<Point[]>>", "Dictionary<int?,List<Point[]>>")]
    [TestCase("System.DateTimeOffset", "DateTimeOffset")]
    [TestCase("Outer.Inner", "Inner")]
    [TestCase("Outer.Box<int>", "Box<int>")]
    [TestCase("(int, string)", "ValueTuple<int,string>")]
    [TestCase("(int A, string? B)?", "ValueTuple<int,string>?")]
    [TestCase("nint", "IntPtr")]
    public void For_OneParameterOfType_SpellsTheType(string declared, string expected)
    {
        var method = Method("public static void F(" + declared + " p) { }");

        Assert.That(SignatureIds.For(method), Is.EqualTo("F(" + expected + ")"));
    }

    [TestCase("public static void Ping() { }", "Ping()")]
    [TestCase("public static int Add(int a, int b) => a + b;", "Add(int,int)")]
    [TestCase("public static void Bounds(System.Collections.Generic.List<Point> points, Color color) { }", "Bounds(List<Point>,Color)")]
    [TestCase("public static void Series(System.Collections.Generic.Dictionary<string, double[]> series) { }", "Series(Dictionary<string,double[]>)")]
    [TestCase("public static void Find(System.Guid id, int? limit = null) { }", "Find(Guid,int?)")]
    [TestCase("public static void Wait(System.Threading.CancellationToken ct, int ms) { }", "Wait(int)")]
    [TestCase("public static System.Threading.Tasks.Task<int> SlowAdd(int a, int b, System.Threading.CancellationToken ct = default) => null!;", "SlowAdd(int,int)")]
    [TestCase("public static void @event(string @class) { }", "event(string)")]
    public void For_Method_ListsParametersWithoutTokens(string declaration, string expected)
    {
        Assert.That(SignatureIds.For(Method(declaration)), Is.EqualTo(expected));
    }

    /// <summary>The single method of class <c>C</c> declared as <paramref name="declaration"/>, next to a few types to name.</summary>
    private static IMethodSymbol Method(string declaration)
    {
        var compilation = GeneratorHarness.CreateCompilation(("c.cs", """
            #nullable enable
            namespace Demo;

            public sealed record Point(int X, int Y);
            public enum Color { Red }
            public static class Outer
            {
                public sealed class Inner { }
                public sealed class Box<T> { }
            }

            public static class C
            {
            """ + declaration + """

            }
            """));
        Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
        return compilation.GetTypeByMetadataName("Demo.C")!.GetMembers().OfType<IMethodSymbol>().Single(m => m.MethodKind == MethodKind.Ordinary);
    }
}
