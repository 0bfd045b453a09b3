using System.Text.RegularExpressions;
using SimpleRpc.Server.Tests.Compilation;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Dispatch;

/// <summary>
/// The generator computes signature ids from the proxy, the server from the loaded module, both
/// spelled by the one linked Shared/Client/SignatureId.cs; for every sample module and every
/// parameter shape they must be the same. (The stub's discovery is checked against the
/// generator's output in OpenRpcDocumentBuilderTests.)
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

    // Parameter types of every shape a signature id spells: keywords, nullable value types,
    // arrays (jagged and multi-dimensional, both orders), generics, module types, tuples.
    private static readonly string[] Shapes =
    [
        "int", "System.Int32", "string?", "object", "decimal", "int?", "System.Nullable<System.Guid>", "Color?",
        "int[]", "int?[]", "int[][]", "int[,]", "int[][,]", "int[,][]", "params long[]",
        "System.Collections.Generic.List<Point>", "System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<Point?[]>>",
        "System.DateTimeOffset", "System.TimeSpan?", "System.Collections.Generic.KeyValuePair<string, int?>", "(int, string)", "(int A, string? B)?",
    ];

    [Test]
    public async Task SignatureIds_EveryShape_GeneratorAndServerAgree()
    {
        var functions = string.Join("\n", Shapes.Select((type, i) => $"    public static int F{i}({type} a) => 0;"));
        var source = $$"""
            using System;
            using System.Collections.Generic;
            namespace Samples;
            public enum Color { Red, Green }
            public record Point(int X, int Y);
            public static class Shapes
            {
            {{functions}}
            }
            """;
        var compiled = SampleModules.Compiler.Compile("shapes", source, 1, "00");
        Assert.That(compiled.Success, Is.True, () => string.Join("\n", compiled.Diagnostics));
        var (run, _, _) = await SampleModuleProxyTests.GenerateAndCompileAsync(("shapes.cs", compiled.ProxySource!));
        var generated = run.GeneratedSources.SelectMany(s => RpcMethodCreation().Matches(s.SourceText.ToString()))
            .Select(m => m.Groups["id"].Value)
            .ToDictionary(SignatureIdFunction, StringComparer.Ordinal);

        var host = new ModuleHost();
        var outcome = await host.Registry.RegisterAsync("shapes", source, "00", "test", CancellationToken.None);
        Assert.That(outcome.Success, Is.True);
        var loaded = host.Registry.Find("shapes")!;
        Assert.Multiple(() =>
        {
            for (var i = 0; i < Shapes.Length; i++)
            {
                var served = loaded.Overloads("F" + i).Single().SignatureId;
                Assert.That(served, Is.EqualTo(generated["F" + i]), Shapes[i]);
            }
        });
    }

    private static string SignatureIdFunction(string id) => id[..id.IndexOf('(', StringComparison.Ordinal)];

    private static IEnumerable<string> FunctionNames(string proxy) =>
        ProxyFunction().Matches(proxy).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal);

    [GeneratedRegex("""RpcMethod\s+\w+\s*=\s*new\("[^"]+",\s*\d+,\s*"(?<id>[^"]+)"(?:,\s*\w+)?\)""")]
    private static partial Regex RpcMethodCreation();

    [GeneratedRegex(@"public static partial [^\n]*?\s(?<name>\w+)\(")]
    private static partial Regex ProxyFunction();
}
