using System.Reflection;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

[TestFixture]
public sealed class ModuleCompilerTests
{
    // The first compile in a process pays Roslyn's JIT (~1.9 s measured here, up to 3x slower on a busy VM).
    private const int Timeout = 60_000;

    [Test, CancelAfter(Timeout)]
    public void Compile_SampleModuleZ_ExportsItsTenFunctions()
    {
        var result = SampleModules.CompileZ();

        Assert.That(result.Assembly, Is.Not.Null.And.Not.Empty);
        Assert.That(result.Diagnostics.Where(d => d.IsError), Is.Empty);
        Assert.That(result.ProxySource, Is.Not.Null);
        Assert.That(
            result.Functions.Select(f => f.Name),
            Is.EqualTo(new[] { "Add", "Multiply", "Greet", "Reverse", "Sum", "Squares", "Words", "Divide", "Fail", "SlowAdd" }));
        Assert.That(result.Functions.Select(f => f.TypeName).Distinct(), Is.EqualTo(new[] { "Samples.Z" }));
        var slowAdd = result.Functions.Single(f => f.Name == "SlowAdd");
        Assert.That(slowAdd.ParameterTypes, Is.EqualTo(new[] { "int", "int", "int", "System.Threading.CancellationToken" }));
        Assert.That(slowAdd.ReturnType, Is.EqualTo("System.Threading.Tasks.Task<int>"));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_SyntaxError_ReturnsDiagnosticsWithFileLineColumnAndNoAssembly()
    {
        const string source = "public static class M\n{\n    public static int F() { return 1 }\n}\n";

        var result = SampleModules.Compiler.Compile("broken", source, 1, "00");

        Assert.That(result.Success, Is.False);
        Assert.That(result.Assembly, Is.Null);
        Assert.That(result.ProxySource, Is.Null);
        Assert.That(result.Functions, Is.Empty);
        var error = result.Diagnostics.Single(d => d.IsError);
        Assert.That(error, Is.EqualTo(new CompileDiagnostic("CS1002", "error", "broken.cs", 3, 38, "; expected")));
        Assert.That(error.ToString(), Is.EqualTo("broken.cs(3,38): error CS1002: ; expected"));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_WarningOnly_SucceedsAndReportsTheWarning()
    {
        const string source = "public static class M\n{\n    public static int F()\n    {\n        int unused = 1;\n        return 2;\n    }\n}\n";

        var result = SampleModules.Compiler.Compile("warns", source, 1, "00");

        Assert.That(result.Success, Is.True);
        Assert.That(result.Assembly, Is.Not.Null);
        var warning = result.Diagnostics.Single();
        Assert.That(warning.Id, Is.EqualTo("CS0219"));
        Assert.That(warning.Severity, Is.EqualTo("warning"));
        Assert.That((warning.Line, warning.Column), Is.EqualTo((5, 13)));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_ModuleUsesServerTypes_FailsBecauseOnlyReferenceAssembliesAreReferenced()
    {
        const string source = "public static class A { public static string F() => typeof(SimpleRpc.Client.RpcModuleAttribute).Name; }";

        var result = SampleModules.Compiler.Compile("sneaky", source, 1, "00");

        Assert.That(result.Success, Is.False);
        Assert.That(result.Diagnostics.Single(d => d.IsError).Id, Is.EqualTo("CS0246"));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_ModuleThrows_StackTraceNamesModuleFileAndLine()
    {
        var result = SampleModules.CompileZ();
        var line = Array.FindIndex(File.ReadAllLines(SampleModules.ZPath), l => l.Contains("public static int Divide(", StringComparison.Ordinal)) + 1;
        var (context, assembly) = ModuleLoadContext.LoadModule("z", 1, result.Assembly!);
        try
        {
            var divide = assembly.GetType("Samples.Z", throwOnError: true)!.GetMethod("Divide")!;

            var thrown = Assert.Throws<TargetInvocationException>(() => divide.Invoke(null, [1, 0]));

            Assert.That(thrown!.InnerException, Is.TypeOf<DivideByZeroException>());
            Assert.That(thrown.InnerException!.StackTrace, Does.Contain("z.cs:line " + line));
        }
        finally
        {
            context.Unload();
        }
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_Success_LogsCompiledWithModuleVersionAndElapsedMs()
    {
        var (log, sink) = CollectingSink.CreateLogger();

        new ModuleCompiler(log).Compile("z", SampleModules.ZSource, 7, "00");

        var compiled = sink.Events.Single();
        Assert.That(compiled.MessageTemplate.Text, Is.EqualTo("Compiled {ModuleName} v{ModuleVersion} in {ElapsedMs} ms"));
        Assert.That(compiled.Properties["ModuleName"].ToString(), Is.EqualTo("\"z\""));
        Assert.That(compiled.Properties["ModuleVersion"].ToString(), Is.EqualTo("7"));
        Assert.That(compiled.Properties, Does.ContainKey("ElapsedMs"));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_SameInputsTwice_EmitsIdenticalBytes()
    {
        var first = SampleModules.CompileZ();
        var second = SampleModules.CompileZ();

        Assert.That(second.Assembly, Is.EqualTo(first.Assembly));
        Assert.That(second.ProxySource, Is.EqualTo(first.ProxySource));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_ConcurrentCompiles_AllSucceed()
    {
        var results = new CompileResult[8];

        Parallel.For(0, results.Length, i => results[i] = SampleModules.Compiler.Compile("z", SampleModules.ZSource, i + 1, "00"));

        Assert.That(results.Select(r => r.Success), Is.All.True);
        Assert.That(results.Select(r => r.Functions.Count), Is.All.EqualTo(10));
    }

    [Test, CancelAfter(Timeout)]
    public void Warm_NewCompiler_CompilesTheBuiltInModuleAndLogs()
    {
        var (log, sink) = CollectingSink.CreateLogger();

        new ModuleCompiler(log).Warm();

        Assert.That(sink.Events.Select(e => e.MessageTemplate.Text), Does.Contain("Compiled {ModuleName} v{ModuleVersion} in {ElapsedMs} ms"));
    }
    [Test, CancelAfter(Timeout)]
    public void Compile_CallerCancels_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => SampleModules.Compiler.Compile("z", SampleModules.ZSource, 1, "00", cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_ExplosiveModuleOfTwoLevels_IsValidCSharp()
    {
        var result = SampleModules.Compiler.Compile("boom", ExplosiveSource(2), 1, "00");

        Assert.That(result.Success, Is.True, string.Join("\n", result.Diagnostics));
    }

    /// <summary>
    /// A few hundred bytes that make the compiler's work grow about threefold per nesting level:
    /// each lambda is bound once for each overload of <c>M</c>, inside each binding of the lambda
    /// around it, and only the innermost sum tells which overload fits (depth 11 took 38 s here,
    /// depth 14 would take about half an hour). Once the compiler is warm, binding these lambdas
    /// does not look at the cancellation token, so the registry stops waiting at the deadline
    /// (LimitTests.CompileTimeoutSeconds_… tests that through a real server, whose process ends
    /// with the test; here the compile would go on burning a core of the test run).
    /// </summary>
    internal static string ExplosiveSource(int depth)
    {
        var names = Enumerable.Range(0, depth).Select(i => "p" + i).ToList();
        var body = string.Join(" + ", names);
        foreach (var name in Enumerable.Reverse(names))
        {
            body = $"M({name} => {body})";
        }

        return "using System;\n\npublic static class Boom\n{\n"
            + "    private static int M(Func<int, int> f) => 1;\n"
            + "    private static int M(Func<string, int> f) => 2;\n"
            + "    private static int M(Func<bool, int> f) => 3;\n"
            + $"    public static int Go() => {body};\n}}\n";
    }
}
