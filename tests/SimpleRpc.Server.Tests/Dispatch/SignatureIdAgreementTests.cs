using System.Text.RegularExpressions;
using SimpleRpc.Server.Tests.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Dispatch;

/// <summary>
/// The generator computes signature ids from the proxy, the server from the loaded module
/// (Shared/Client/RpcMethod.cs has the rules); for every sample module they must be the same set.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public partial class SignatureIdAgreementTests
{
    [TestCaseSource(typeof(SampleModuleProxyTests), nameof(SampleModuleProxyTests.SampleModuleNames))]
    public async Task SignatureIds_GeneratorAndServer_Agree(string module)
    {
        var proxy = SampleModuleProxyTests.CompileSample(module);
        var (run, _, _) = await SampleModuleProxyTests.GenerateAndCompileAsync((module + ".cs", proxy));
        var generated = run.GeneratedSources.SelectMany(s => RpcMethodCreation().Matches(s.SourceText.ToString()))
            .Select(m => m.Groups["id"].Value)
            .ToHashSet(StringComparer.Ordinal);

        var host = new ModuleHost();
        var path = Repository.PathOf("Modules/" + module + ".cs");
        var outcome = await host.Registry.RegisterAsync(module, await File.ReadAllTextAsync(path), Repository.Sha256Of(path), "test", CancellationToken.None);
        Assert.That(outcome.Success, Is.True);
        var loaded = host.Registry.Find(module)!;
        var served = loaded.Info.Functions.Count == 0 ? [] : FunctionNames(proxy)
            .SelectMany(name => loaded.Overloads(name))
            .Select(f => f.SignatureId)
            .ToHashSet(StringComparer.Ordinal);

        Assert.That(generated, Is.Not.Empty);
        Assert.That(generated, Is.EquivalentTo(served));
    }

    private static IEnumerable<string> FunctionNames(string proxy) =>
        ProxyFunction().Matches(proxy).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal);

    [GeneratedRegex("""RpcMethod\s+\w+\s*=\s*new\("[^"]+",\s*\d+,\s*"(?<id>[^"]+)"(?:,\s*\w+)?\)""")]
    private static partial Regex RpcMethodCreation();

    [GeneratedRegex(@"public static partial [^\n]*?\s(?<name>\w+)\(")]
    private static partial Regex ProxyFunction();
}
