using System.Text;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// Modules that reach outside a module's business (files, processes, the process itself, threads,
/// the network, reflection by name, unsafe code) are refused by the compile policy: -32011 with
/// SRPC2001/SRPC2002 at the offending line, and nothing of them is kept or run.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ModulePolicyTests : AdversarialFixture
{
    // The body goes on line 7 of this file.
    private static byte[] EvilModule(string body) => Encoding.UTF8.GetBytes(
        "using System;\n\npublic static class Evil\n{\n    public static string Run()\n    {\n        " + body + "\n    }\n}\n");

    [TestCase("return System.IO.File.ReadAllText(\"/etc/passwd\");", 16, "SRPC2001", "'System.IO.File.ReadAllText(string)' is not allowed in a module: file system access (System.IO)")]
    [TestCase("System.IO.File.WriteAllText(\"/tmp/pwned\", \"x\"); return \"\";", 9, "SRPC2001", "'System.IO.File.WriteAllText(string, string?)' is not allowed in a module: file system access (System.IO)")]
    [TestCase("return System.Diagnostics.Process.Start(\"sh\", \"-c true\")!.Id.ToString();", 16, "SRPC2001", "'System.Diagnostics.Process.Start(string, string)' is not allowed in a module: processes")]
    [TestCase("Environment.FailFast(\"bye\"); return \"\";", 9, "SRPC2001", "'System.Environment.FailFast(string?)' is not allowed in a module: ends the server process")]
    [TestCase("Environment.Exit(1); return \"\";", 9, "SRPC2001", "'System.Environment.Exit(int)' is not allowed in a module: ends the server process")]
    [TestCase("return Environment.GetEnvironmentVariable(\"HOME\") ?? \"\";", 16, "SRPC2001", "'System.Environment.GetEnvironmentVariable(string)' is not allowed in a module: the server process's environment")]
    [TestCase("new System.Threading.Thread(() => { while (true) { } }).Start(); return \"\";", 9, "SRPC2001", "'System.Threading.Thread.Thread(System.Threading.ThreadStart)' is not allowed in a module: runs code after the call has ended")]
    [TestCase("return new System.Net.Sockets.TcpClient(\"127.0.0.1\", 1).Connected.ToString();", 16, "SRPC2001", "'System.Net.Sockets.TcpClient.TcpClient(string, int)' is not allowed in a module: network access (System.Net)")]
    [TestCase("return Type.GetType(\"SimpleRpc.Server.ServerHost\")?.Name ?? \"\";", 16, "SRPC2001", "'System.Type.GetType(string)' is not allowed in a module: reflection by name")]
    [TestCase("unsafe { int x = 1; int* p = &x; return (*p).ToString(); }", 9, "SRPC2002", "'unsafe' is unsafe code, which is not allowed in a module")]
    [CancelAfter(60_000)]
    public async Task Commit_ModuleUsesBannedApi_CompileFailedWithPolicyDiagnostic(string body, int column, string id, string message, CancellationToken cancellationToken)
    {
        var name = UniqueName("evil");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var error = WireAssert.Error(await RawUpload.UploadAsync(peer, name, EvilModule(body), 1, cancellationToken), -32011, $"Module '{name}' did not compile:");
        var diagnostics = (error["data"]?["diagnostics"] as JArray)?.Select(d => d.ToString()).ToList();
        Assert.That(diagnostics, Has.Some.StartsWith($"{name}.cs(7,{column}): error {id}: {message}"), string.Join("\n", diagnostics ?? []));
        Assert.That(ModuleStoreCheck.AssertIntact(Cluster), Does.Not.Contain(name));
        WireAssert.Error(await peer.CallAsync(name + ".Run", new JArray(), cancellationToken), -32601, $"no module '{name}' is registered");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Commit_BidiControlInCode_CompileFailedNamingLineAndColumn(CancellationToken cancellationToken)
    {
        // Trojan Source: the right-to-left override, invisible or reordering in an editor, is part
        // of an identifier to the compiler.
        var name = UniqueName("trojan");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var error = WireAssert.Error(await RawUpload.UploadAsync(peer, name, EvilModule("var admin\u202E = \"no\"; return admin\u202E;"), 1, cancellationToken), -32011, $"Module '{name}' did not compile:");
        var diagnostics = (error["data"]?["diagnostics"] as JArray)?.Select(d => d.ToString()).ToList();
        Assert.That(diagnostics, Has.Some.StartsWith($"{name}.cs(7,18): error SRPC2003: Bidirectional control character U+202E (right-to-left override) outside a string literal or comment is not allowed in a module"), string.Join("\n", diagnostics ?? []));
        Assert.That(ModuleStoreCheck.AssertIntact(Cluster), Does.Not.Contain(name));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Commit_BidiControlInString_PublishedWithTheWarningInItsInfo(CancellationToken cancellationToken)
    {
        var name = UniqueName("bidi");
        using var peer = await HelloAsync("publisher-", PublisherKey, cancellationToken);
        var info = WireAssert.Result(await RawUpload.UploadAsync(peer, name, EvilModule("return \"abc\u202Edef\";"), 1, cancellationToken));
        var warnings = (info["warnings"] as JArray)?.Select(d => d.ToString()).ToList();
        Assert.That(warnings, Has.Some.StartsWith($"{name}.cs(7,20): warning SRPC2004: Bidirectional control character U+202E (right-to-left override) in a string literal"), string.Join("\n", warnings ?? []));
        Assert.That(WireAssert.Result(await peer.CallAsync(name + ".Run", new JArray(), cancellationToken)).ToString(), Is.EqualTo("abc\u202Edef"));
    }
}
