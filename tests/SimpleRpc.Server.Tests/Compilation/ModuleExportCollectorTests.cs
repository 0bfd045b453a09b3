using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

/// <summary>The export rules, checked through <see cref="ModuleCompiler.Compile"/>, the only way in.</summary>
[TestFixture]
public sealed class ModuleExportCollectorTests
{
    private const int Timeout = 60_000;

    [Test, CancelAfter(Timeout)]
    public void Compile_SameFunctionInTwoClasses_FailsWithDuplicateFunction()
    {
        const string source = """
            public static class A { public static int F(int x) => x; }
            public static class B { public static int F(int y) => y; }
            """;

        var result = SampleModules.Compiler.Compile("dup", source, 1, "00");

        Assert.That(result.Success, Is.False);
        Assert.That(result.Assembly, Is.Null);
        var error = result.Diagnostics.Single(d => d.IsError);
        Assert.That(error.Id, Is.EqualTo(ModuleDiagnosticIds.DuplicateFunction));
        Assert.That((error.File, error.Line), Is.EqualTo(("dup.cs", 2)));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_OverloadsInOneClassAndSameNameWithOtherCount_Succeed()
    {
        const string source = """
            public static class A
            {
                public static int F(int x) => x;
                public static string F(string s) => s;
                public static int F(int x, int y) => x + y;
            }
            public static class B { public static int F() => 0; }
            """;

        var result = SampleModules.Compiler.Compile("overloads", source, 1, "00");

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Functions, Has.Count.EqualTo(4));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_NoFunctions_FailsWithNoFunctions()
    {
        const string source = "public sealed record Point(int X, int Y);\ninternal static class Hidden { public static int F() => 1; }\n";

        var result = SampleModules.Compiler.Compile("empty", source, 1, "00");

        Assert.That(result.Success, Is.False);
        var error = result.Diagnostics.Single(d => d.IsError);
        Assert.That(error.ToString(), Does.StartWith("empty.cs(1,1): error " + ModuleDiagnosticIds.NoFunctions + ": "));
    }

    [TestCase("ref int x")]
    [TestCase("out int x")]
    [TestCase("in int x")]
    [TestCase("System.Span<int> x")]
    [TestCase("__arglist")]
    [CancelAfter(Timeout)]
    public void Compile_UnsupportedParameter_FailsWithUnsupportedParameter(string parameter)
    {
        var source = "public static class A { public static void F(" + parameter + ") { throw null!; } }";

        var result = SampleModules.Compiler.Compile("refs", source, 1, "00");

        Assert.That(result.Success, Is.False, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Diagnostics.Where(d => d.IsError).Select(d => d.Id), Is.EqualTo(new[] { ModuleDiagnosticIds.UnsupportedParameter }));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_NestedTypeInSignature_FailsWithUnsupportedModuleType()
    {
        const string source = """
            public static class A
            {
                public sealed record Inner(int X);
                public static Inner Make() => new(1);
            }
            """;

        var result = SampleModules.Compiler.Compile("nested", source, 1, "00");

        Assert.That(result.Success, Is.False);
        Assert.That(result.Diagnostics.Single(d => d.IsError).Id, Is.EqualTo(ModuleDiagnosticIds.UnsupportedModuleType));
    }

    [TestCase("public static ShapeException Make() => new(\"x\");", "")]
    [TestCase("public static void Take(ShapeException[] errors) { }", "")]
    [TestCase("", "public class Box { public ShapeException? Error { get; set; } }")]
    [CancelAfter(Timeout)]
    public void Compile_ExceptionTypeAsValue_FailsWithUnsupportedModuleType(string function, string declaration)
    {
        var source = "public class ShapeException(string message) : System.Exception(message);\n"
            + "public static class A\n{\n    public static void Fail() => throw new ShapeException(\"bad\");\n    " + function + "\n}\n" + declaration + "\n";

        var result = SampleModules.Compiler.Compile("values", source, 1, "00");

        Assert.That(result.Success, Is.False);
        var error = result.Diagnostics.Single(d => d.IsError);
        Assert.That(error.Id, Is.EqualTo(ModuleDiagnosticIds.UnsupportedModuleType));
        Assert.That(error.Message, Does.StartWith("Type 'ShapeException' is an exception type"));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_ExceptionTypeOnlyThrown_Succeeds()
    {
        const string source = """
            public class ShapeException(string message) : System.Exception(message);
            public static class A { public static void Fail() => throw new ShapeException("bad"); }
            """;

        var result = SampleModules.Compiler.Compile("thrown", source, 1, "00");

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_RefReturn_FailsWithUnsupportedReturnType()
    {
        const string source = "public static class A { private static int _x; public static ref int F() => ref _x; }";

        var result = SampleModules.Compiler.Compile("refret", source, 1, "00");

        Assert.That(result.Success, Is.False);
        Assert.That(result.Diagnostics.Single(d => d.IsError).Id, Is.EqualTo(ModuleDiagnosticIds.UnsupportedReturnType));
    }

    [TestCase("public sealed record Shapes(int X);")]
    [TestCase("public static class Other { public static int Shapes() => 1; }")]
    [TestCase("namespace N1 { public record Area(int X); } namespace N2 { public record Area(int Y); }")]
    [TestCase("public record F(int X); public static class B { public static F Make() => new(1); }")]
    [TestCase("public record FAsync(int X); public static class B { public static FAsync Make() => new(1); }")]
    [CancelAfter(Timeout)]
    public void Compile_NameClashInProxy_FailsWithProxyNameConflict(string declaration)
    {
        var source = "public static class A { public static int F() => 1; }\n" + declaration;

        var result = SampleModules.Compiler.Compile("shapes", source, 1, "00");

        Assert.That(result.Success, Is.False);
        Assert.That(result.Diagnostics.Single(d => d.IsError).Id, Is.EqualTo(ModuleDiagnosticIds.ProxyNameConflict));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_ExtensionMethodAndNonExportedMembers_ExportsOnlyOrdinaryPublicStaticMethods()
    {
        const string source = """
            public static class A
            {
                public static string Shout(this string s) => s.ToUpperInvariant();
                public static int Count { get; } = 1;
                public static T Same<T>(T value) => value;
                internal static int Hidden() => 0;
            }
            public class D { public int Instance() => 0; public static T Same<T>(T value) => value; }
            internal static class B { public static int Internal() => 0; }
            public static class C<T> { public static int InGeneric() => 0; }
            """;

        var result = SampleModules.Compiler.Compile("shape", source, 1, "00");

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Functions.Select(f => f.Name), Is.EqualTo(new[] { "Shout" }));
    }
}
