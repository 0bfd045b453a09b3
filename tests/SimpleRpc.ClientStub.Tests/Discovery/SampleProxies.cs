using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using SimpleRpc.ClientStub.Discovery;

namespace SimpleRpc.ClientStub.Tests.Discovery;

/// <summary>
/// The proxies of every sample module (Modules/*.cs) as the server emits them, and what the
/// generator made of them, copied next to the tests from the other projects' snapshots.
/// </summary>
internal static partial class SampleProxies
{
    public static readonly string[] ModuleNames = ["geometry", "inventory", "stats", "text", "z"];

    public static string Folder => Path.Combine(TestContext.CurrentContext.TestDirectory, "SampleProxies");

    public static string Source(string module) => File.ReadAllText(Path.Combine(Folder, module + ".cs"));

    public static IReadOnlyList<ProxyModule> Modules() =>
        ModuleNames.Select(name => ProxySyntaxReader.Read(Source(name)) ?? throw new InvalidDataException(name + ".cs is not a proxy")).ToList();

    public static JObject Document() => OpenRpcDocumentBuilder.Build(Modules(), "alpha", "127.0.0.1:5151");

    /// <summary>The functions a proxy declares, read with a regular expression (not the reader under test).</summary>
    public static IReadOnlyList<string> FunctionNames(string module) =>
        FunctionDeclaration().Matches(Source(module)).Select(m => m.Groups["name"].Value).ToList();

    /// <summary>The data types a proxy declares, read with a regular expression (its exception types are not data types).</summary>
    public static IReadOnlyList<string> DataTypeNames(string module) =>
        DataTypeDeclaration().Matches(Source(module)).Where(m => !(m.Groups["base"].Value.TrimStart().StartsWith(':') && m.Groups["base"].Value.TrimEnd().EndsWith("Exception", StringComparison.Ordinal))).Select(m => m.Groups["name"].Value).ToList();

    /// <summary>Each function's signature id as the generator wrote it: <c>text.Pad(string,int)</c>.</summary>
    public static IReadOnlyList<string> GeneratedSignatureIds() =>
        Directory.EnumerateFiles(Path.Combine(Folder, "Generated"), "*.g.cs")
            .SelectMany(file => RpcMethodField().Matches(File.ReadAllText(file)))
            .Select(m => m.Groups["module"].Value + "." + m.Groups["signature"].Value)
            .ToList();

    [GeneratedRegex(@"^    public static partial [^(]+? @?(?<name>\w+)\(", RegexOptions.Multiline)]
    private static partial Regex FunctionDeclaration();

    [GeneratedRegex(@"^    public (?:sealed |abstract )?(?:record struct|record|class|struct|enum) (?<name>\w+)(?<base>[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex DataTypeDeclaration();

    [GeneratedRegex("""RpcMethod __\w+ = new\("(?<module>\w+)", \d+, "(?<signature>[^"]+)"(?:, \w+)?\)""")]
    private static partial Regex RpcMethodField();
}
