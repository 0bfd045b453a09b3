using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

public sealed partial class ProxySourceEmitterTests
{
    [Test, CancelAfter(Timeout)]
    public void Compile_SimpleRpcModuleTemplate_CompilesWithoutDiagnosticsAndItsProxyCompiles()
    {
        // The file `dotnet new simplerpc-module` copies (templates/module), under its template name.
        var source = File.ReadAllText(Repository.PathOf("templates/module/mymodule.cs"));

        var result = SampleModules.Compiler.Compile("mymodule", source, 1, "00");

        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Diagnostics, Is.Empty, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Functions.Select(f => f.Name).Distinct(), Is.EqualTo(new[] { "Greet", "Length", "Distance", "Total", "CountWords", "Plan", "Check" }));
        var tree = CSharpSyntaxTree.ParseText(result.ProxySource!, new CSharpParseOptions(LanguageVersion.Latest), "mymodule.cs");
        var diagnostics = CompileProxy(tree, ImplementingDeclarations(tree));
        Assert.That(diagnostics, Is.Empty, () => string.Join("\n", diagnostics));
        Assert.That(result.ProxySource, Does.Contain("public static partial class Mymodule").And.Contain("class RouteException"));
    }
}
