using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

public sealed partial class ProxySourceEmitterTests
{
    [Test, CancelAfter(Timeout)]
    public void Emit_ModuleRelyingOnImplicitUsings_ProxyCompilesInAnAppWithoutUsings()
    {
        var result = SampleModules.Compiler.Compile("words", ModuleCompilerImplicitUsingsTests.ModernSource, 1, "00");
        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        var tree = CSharpSyntaxTree.ParseText(result.ProxySource!, new CSharpParseOptions(LanguageVersion.Latest), "words.cs");

        // CompileProxy has no global usings: the proxy names every type itself.
        var diagnostics = CompileProxy(tree, ImplementingDeclarations(tree));

        Assert.That(diagnostics, Is.Empty, () => string.Join("\n", diagnostics));
        Assert.That(result.ProxySource, Does.Contain("global::System.Collections.Generic.List<global::SimpleRpc.Proxies.Words.Tally>"));
    }
}
