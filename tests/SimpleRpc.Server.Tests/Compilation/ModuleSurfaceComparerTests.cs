using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

/// <summary>
/// One test per row of docs/modules.md's table of changes: two real compiles of a module, the
/// second against the first as its baseline.
/// </summary>
[TestFixture]
public sealed class ModuleSurfaceComparerTests
{
    private const int Timeout = 60_000;
    private const string Breaking = "breaking";
    private const string Compatible = "compatible";
    private const string OnWire = "compatible on the wire";

    private static IEnumerable<TestCaseData> Rows()
    {
        yield return Row("function added", "public static int Add(int a, int b) => a + b;", "public static int Add(int a, int b) => a + b; public static int Sub(int a, int b) => a - b;", Compatible, "function int Sub(int a, int b) added");
        yield return Row("function removed", "public static int Add(int a, int b) => a + b; public static double Average(double[] values) => 0;", "public static int Add(int a, int b) => a + b;", Breaking, "function double Average(double[] values) removed");
        yield return Row("function renamed", "public static double Average(double[] values) => 0;", "public static double Mean(double[] values) => 0;", Breaking, "function double Average(double[] values) renamed to Mean");
        yield return Row("overload removed", "public static int F(int x) => x; public static int F(string s) => 0;", "public static int F(int x) => x;", Breaking, "overload int F(string s) removed");
        yield return Row("optional parameter added", "public static int Add(int a, int b) => a + b;", "public static int Add(int a, int b, int c = 0) => a + b + c;", Compatible, "function int Add(int a, int b): optional parameter 'c' added");
        yield return Row("parameter added without default", "public static int Add(int a, int b) => a + b;", "public static int Add(int a, int b, int c) => a + b + c;", Breaking, "parameter 'c' (int) added without a default");
        yield return Row("optional parameter added before the end", "public static int Add(int a, int b) => a + b;", "public static int Add(int a, string c = \"\", int b = 0) => a + b;", Breaking, "optional parameter 'c' added before the end");
        yield return Row("parameter removed", "public static int Add(int a, int b) => a + b;", "public static int Add(int a) => a;", Breaking, "function int Add(int a, int b): parameter 'b' removed");
        yield return Row("parameters reordered, same types", "public static int Sub(int a, int b) => a - b;", "public static int Sub(int b, int a) => a - b;", Breaking, "parameters reordered (a, b) → (b, a)");
        yield return Row("parameters reordered, other types", "public static string F(int a, string b) => b;", "public static string F(string b, int a) => b;", Breaking, "parameters reordered (a, b) → (b, a)");
        yield return Row("parameter renamed", "public static int Add(int a, int b) => a + b;", "public static int Add(int x, int b) => x + b;", Breaking, "parameters renamed (a, b) → (x, b), which breaks callers that pass params by name");
        yield return Row("parameter retyped", "public static int Twice(int x) => x;", "public static long Twice(long x) => x;", Breaking, "parameter 'x' retyped from int to long");
        yield return Row("return type changed", "public static int Half(int x) => x / 2;", "public static double Half(int x) => x / 2.0;", Breaking, "return type changed from int to double");
        yield return Row("sync turned async", "public static int Add(int a, int b) => a + b;", "public static Task<int> Add(int a, int b) => Task.FromResult(a + b);", OnWire, "function int Add(int a, int b) turned async: int → Task<int>");
        yield return Row("async turned sync", "public static ValueTask Ping() => default;", "public static void Ping() { }", OnWire, "function ValueTask Ping() turned sync: ValueTask → void");
        yield return Row("parameter became optional", "public static int F(int x) => x;", "public static int F(int x = 1) => x;", Compatible, "parameter 'x' became optional");
        yield return Row("parameter no longer optional", "public static int F(int x = 1) => x;", "public static int F(int x) => x;", Breaking, "parameter 'x' is no longer optional");
        yield return Row("default changed", "public static int F(int x = 1) => x;", "public static int F(int x = 2) => x;", Compatible, "default of 'x' changed from 1 to 2");
        yield return Row("CancellationToken added", "public static int F(int x) => x;", "public static int F(int x, CancellationToken token) => x;", null, null);
        yield return Row("nullable annotation changed", "public static string F(string s) => s;", "public static string? F(string? s) => s;", null, null);
        yield return Row("data type added", "public static int F() => 0;", "public static int F() => 0; } public sealed record Point(int X, int Y); public static class Y {", Compatible, "data type Point added");
        yield return Row("data type removed", "public static int F() => 0; } public sealed record Point(int X, int Y); public static class Y {", "public static int F() => 0;", Breaking, "data type Point removed");
        yield return Row("data member added", Shape("int X { get; set; }"), Shape("int X { get; set; } public int Y { get; set; }"), Compatible, "member Shape.Y added");
        yield return Row("required data member added", Shape("int X { get; set; }"), Shape("int X { get; set; } public required int Y { get; set; }"), Breaking, "required member Shape.Y added");
        yield return Row("data member removed", Shape("int X { get; set; } public int Y { get; set; }"), Shape("int X { get; set; }"), Breaking, "member Shape.Y removed");
        yield return Row("data member retyped", Shape("int X { get; set; }"), Shape("string X { get; set; } = \"\";"), Breaking, "member Shape.X retyped from int to string");
        yield return Row("positional member removed", "public static int F() => 0; } public sealed record Point(int X, int Y); public static class Y {", "public static int F() => 0; } public sealed record Point(int X); public static class Y {", Breaking, "member Point.Y removed");
        yield return Row("data member renamed in case only", Shape("int X { get; set; }"), Shape("int x { get; set; }"), OnWire, "member Shape.X renamed to x");
        yield return Row("record turned class", "public static int F() => 0; } public sealed record Shape { public int X { get; set; } } public static class Y {", Shape("int X { get; set; }"), OnWire, "data type Shape changed from record to class");
        yield return Row("enum member added", Kind("A = 1, B = 2"), Kind("A = 1, B = 2, C = 3"), Compatible, "enum member Kind.C (3) added");
        yield return Row("enum member removed", Kind("A = 1, B = 2"), Kind("A = 1"), Breaking, "enum member Kind.B (2) removed");
        yield return Row("enum member renumbered", Kind("A = 1, B = 2"), Kind("A = 1, B = 5"), Breaking, "enum member Kind.B renumbered from 2 to 5");
    }

    [TestCaseSource(nameof(Rows)), CancelAfter(Timeout)]
    public void CompileAgainst_Change_IsClassedAndNamedInOneLine(string before, string after, string? expectedClass, string? expected)
    {
        var result = SampleModules.Compiler.CompileAgainst("m", Module(after), 2, "00", new ModuleBaseline(1, Module(before)));

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        if (expected is null)
        {
            Assert.That(result.Changes, Is.Empty);
            return;
        }

        var lines = result.Changes.Select(c => c.ToString()).ToList();
        Assert.That(lines, Has.Some.Contains(expectedClass + ": ").And.Contains(expected), () => string.Join("\n", lines));
        Assert.That(lines, Has.All.Not.Contains("\n"));
        Assert.That(result.IsBreaking, Is.EqualTo(expectedClass == Breaking), () => string.Join("\n", lines));
    }

    [Test, CancelAfter(Timeout)]
    public void CompileAgainst_SameSurfaceOtherBodies_FindsNoChange()
    {
        var result = SampleModules.Compiler.CompileAgainst("m", Module("public static int Add(int a, int b) => b + a;"), 2, "00", new ModuleBaseline(1, Module("public static int Add(int a, int b) => a + b;")));

        Assert.That(result.Changes, Is.Empty);
    }

    [Test, CancelAfter(Timeout)]
    public void CompileAgainst_BaselineNoLongerCompiles_FindsNoChange()
    {
        var result = SampleModules.Compiler.CompileAgainst("m", Module("public static int Add(int a, int b) => a + b;"), 2, "00", new ModuleBaseline(1, "public static class X { public static Missing F() => null!; }"));

        Assert.That(result.Success, Is.True);
        Assert.That(result.Changes, Is.Empty);
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_WithoutBaseline_HasNoChanges()
    {
        var result = SampleModules.Compiler.Compile("m", Module("public static int Add(int a, int b) => a + b;"), 1, "00");

        Assert.That(result.Changes, Is.Empty);
    }

    [Test, CancelAfter(Timeout)]
    public void CompileAgainst_RemovedFunction_NamesTheFunctionForItsCallers()
    {
        var result = SampleModules.Compiler.CompileAgainst("m", Module("public static int Add(int a, int b) => a + b;"), 2, "00", new ModuleBaseline(1, Module("public static int Add(int a, int b) => a + b; public static int Sub(int a, int b) => a - b;")));

        Assert.That(result.Changes.Single().Function, Is.EqualTo("Sub"));
    }

    private static TestCaseData Row(string name, string before, string after, string? expectedClass, string? expected) =>
        new TestCaseData(before, after, expectedClass, expected).SetArgDisplayNames(name);

    private static string Module(string members) =>
        "using System.Threading;\nusing System.Threading.Tasks;\npublic static class M\n{\n" + members + "\n}\n";

    private static string Shape(string members) =>
        "public static int F() => 0; } public sealed class Shape { public " + members + " } public static class Y {";

    private static string Kind(string members) =>
        "public static int F() => 0; } public enum Kind { " + members + " } public static class Y {";
}
