using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

/// <summary>
/// Modules compile with the implicit usings of a Microsoft.NET.Sdk console project
/// (<see cref="ModuleCompiler.ImplicitUsings"/>), so a module written as modern C# needs no usings.
/// </summary>
[TestFixture]
public sealed class ModuleCompilerImplicitUsingsTests
{
    private const int Timeout = 60_000;

    /// <summary>A module without a single using: lists, dictionaries, LINQ, tasks, tokens, an in-memory writer.</summary>
    internal const string ModernSource = """
        namespace Modern;

        public record Tally(string Word, int Count);

        public static class Words
        {
            public static List<Tally> Count(string text) =>
                text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .GroupBy(w => w.ToLowerInvariant())
                    .Select(g => new Tally(g.Key, g.Count()))
                    .OrderByDescending(t => t.Count)
                    .ToList();

            public static Dictionary<string, int> Lengths(IReadOnlyList<string> words) => words.Distinct().ToDictionary(w => w, w => w.Length);

            public static async Task<string> Join(string[] words, CancellationToken cancellationToken)
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                using var writer = new StringWriter();
                writer.Write(string.Join(", ", words));
                return writer.ToString();
            }
        }
        """;

    [Test, CancelAfter(Timeout)]
    public void Compile_ModuleWithoutUsings_CompilesWithoutDiagnostics()
    {
        var result = SampleModules.Compiler.Compile("words", ModernSource, 1, "00");

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Functions.Select(f => f.Name), Is.EqualTo(new[] { "Count", "Lengths", "Join" }));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_SampleModuleZWithItsOwnUsings_NoWarningForTheRepeatedUsings()
    {
        var result = SampleModules.CompileZ();

        Assert.That(result.Diagnostics, Is.Empty, () => string.Join("\n", result.Diagnostics));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_BannedSystemIoTypeWithoutUsing_RefusedByThePolicyNamingIt()
    {
        const string source = "public static class Reader\n{\n    public static string Read(string path) => File.ReadAllText(path);\n}\n";

        var result = SampleModules.Compiler.Compile("reader", source, 1, "00");

        Assert.That(result.Success, Is.False);
        var error = result.Diagnostics.Single(d => d.IsError);
        Assert.That((error.Id, error.Line), Is.EqualTo(("SRPC2001", 3)));
        Assert.That(error.Message, Does.StartWith("'System.IO.File.ReadAllText(string)' is not allowed in a module"));
    }

    [Test, CancelAfter(Timeout)]
    public void Compile_ModuleTypeNamedLikeAnImportedType_TheModulesTypeWins()
    {
        // System.Threading.Timer and System.Threading.Tasks.Task are imported; the module's own win.
        const string source = """
            public record Timer(int Seconds);

            public static class Clock
            {
                public static Timer Start(int seconds) => new(seconds);
            }
            """;

        var result = SampleModules.Compiler.Compile("clock", source, 1, "00");

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Functions.Single().ReturnType, Is.EqualTo("Timer"));
        Assert.That(result.ProxySource, Does.Contain("record Timer(int Seconds)"));
    }

    [Test, CancelAfter(Timeout)]
    public void ImplicitUsings_List_IsTheConsoleSdkSetWithoutSystemNetHttp()
    {
        Assert.That(
            ModuleCompiler.ImplicitUsings,
            Is.EqualTo(new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Threading", "System.Threading.Tasks" }));
    }
}
