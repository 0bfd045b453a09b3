using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// A function the app's generator could not make a body for never reaches a proxy: the server
/// refuses it when the module is published (SRPC1003/SRPC1004, naming the line), leaves generic
/// methods out, and declares a function with several tokens with one; so a plain <c>dotnet build</c>
/// of an app never meets CS8795 for a server-emitted proxy (docs/diagnostics.md).
/// </summary>
[TestFixture]
[NonParallelizable]
public class UnsupportedFunctionTests
{
    private Cluster _cluster = null!;
    private StubProcess _stub = null!;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        _cluster = await Cluster.StartAsync();
        _stub = await _cluster.StartStubAsync("publisher");
    }

    [OneTimeTearDown]
    public async Task StopCluster() => await _cluster.DisposeAsync();

    [TestCase("refparam", "public static void F(ref int x) { }", "SRPC1003", "Parameter 'x' of function 'F' cannot be passed by a remote call")]
    [TestCase("outparam", "public static void F(out int x) { x = 1; }", "SRPC1003", "Parameter 'x' of function 'F' cannot be passed by a remote call")]
    [TestCase("inparam", "public static int F(in int x) => x;", "SRPC1003", "Parameter 'x' of function 'F' cannot be passed by a remote call")]
    [TestCase("spanparam", "public static int F(System.Span<int> x) => x.Length;", "SRPC1003", "Parameter 'x' of function 'F' cannot be passed by a remote call")]
    [TestCase("arglist", "public static int F(__arglist) => 0;", "SRPC1003", "Function 'F' takes __arglist")]
    [TestCase("refreturn", "private static int _x; public static ref int F() => ref _x;", "SRPC1004", "Function 'F' cannot return its result to a remote caller")]
    [TestCase("spanreturn", "public static System.ReadOnlySpan<char> F() => \"a\";", "SRPC1004", "Function 'F' cannot return its result to a remote caller")]
    [CancelAfter(120_000)]
    public async Task Register_FunctionTheGeneratorCannotImplement_RefusedWithItsSrpcIdAndNoProxy(string name, string member, string id, string message)
    {
        var path = await WriteModuleAsync(name, member);
        var mark = _stub.Process.LineCount;

        Assert.That(await _stub.RegisterAsync(path), Does.StartWith("did not compile"));

        var line = await _stub.Process.WaitForLineAsync($@"{name}\.cs\(5,\d+\): error SRPC\d+: .*", Cluster.StepTimeout, mark);
        Assert.That(line.Value, Does.Contain("error " + id + ": " + message));
        Assert.That(Path.Combine(_stub.ProxyDir, name + ".cs"), Does.Not.Exist);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Register_GenericFunctionAndTwoTokens_ProxyHoldsOnlyWhatTheGeneratorImplements(CancellationToken cancellationToken)
    {
        var path = await WriteModuleAsync(
            "shapes2",
            "public static T Echo<T>(T value) => value;\n"
            + "    public static int Both(int x, System.Threading.CancellationToken first, System.Threading.CancellationToken second) => x;");

        Assert.That(await _stub.RegisterAsync(path), Does.StartWith("Registered shapes2 v1"));

        var proxy = await File.ReadAllTextAsync(Path.Combine(_stub.ProxyDir, "shapes2.cs"), cancellationToken);
        Assert.That(proxy, Does.Not.Contain("Echo"));
        Assert.That(proxy, Does.Contain("public static partial int Both(int x, global::System.Threading.CancellationToken first = default);"));
    }

    // The member goes on line 5.
    private async Task<string> WriteModuleAsync(string name, string member)
    {
        var path = Path.Combine(_cluster.WorkDir, name + ".cs");
        await File.WriteAllTextAsync(path, "using System;\n\npublic static class Api\n{\n    " + member + "\n    public static int Ok() => 1;\n}\n");
        return path;
    }
}
