using Microsoft.CodeAnalysis;
using SimpleRpc.Proxy.Generator.Tests.Support;

namespace SimpleRpc.Proxy.Generator.Tests;

/// <summary>What the generator leaves alone: hand-written parts, taken names, and shapes it cannot implement.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class ProxyGeneratorSkipTests
{
    [Test]
    public void Generate_ImplementedOrTakenNames_SkipsThoseMembers()
    {
        ProxyAssert.GeneratesSnapshotAndCompiles(("m.cs", """
            #nullable enable
            namespace Demo.Manual;

            [global::SimpleRpc.Client.RpcModule("m")]
            public static partial class M
            {
                public static partial int Add(int a, int b);
                public static partial int Mul(int a, int b);
                public static partial int Sub(int a, int b);
                public static int SubAsync => 0;
                public static partial int Neg(int a);
                public static partial int Neg(int a, global::System.Threading.CancellationToken cancellationToken);
                public static int Plain(int a) => a;
            }

            public static partial class M
            {
                public static partial int Mul(int a, int b) => a * b;
            }
            """));
    }

    [Test]
    public void Generate_UnsupportedShapes_SkipsThemWithoutDiagnostics()
    {
        var result = GeneratorHarness.Run(("u.cs", """
            #nullable enable
            namespace Demo.Unsupported;

            [global::SimpleRpc.Client.RpcModule("generic")]
            public static partial class Generic<T> { public static partial int Get(); }

            public static class NotPartialOuter
            {
                [global::SimpleRpc.Client.RpcModule("np")]
                public static partial class Inner { public static partial int Get(); }
            }

            [global::SimpleRpc.Client.RpcModule("")]
            public static partial class Nameless { public static partial int Get(); }

            [global::SimpleRpc.Client.RpcModule("file")]
            file static partial class FileLocal { public static partial int Get(); }

            [global::SimpleRpc.Client.RpcModule("u")]
            public static partial class U
            {
                public static partial int Ok(int a);
                public static partial void ByRef(ref int a);
                public static partial void Output(out int a);
                public static partial void In(in int a);
                public static partial T Echo<T>(T value);
                public static partial global::System.Span<int> Slice(int[] values);
                public static partial int TwoTokens(global::System.Threading.CancellationToken a, global::System.Threading.CancellationToken b);
                public static partial ref int Ref();
                public static partial Missing Broken(int a);
                public static partial int UsesMissing(Missing a);
            }
            """));

        Assert.That(result.Run.Exception, Is.Null);
        Assert.That(result.Run.Diagnostics, Is.Empty);
        Snapshots.Verify(result.Run.Sources());
        // The skipped members stay unimplemented (CS8795) or unresolved (CS0246); nothing else fails,
        // and nothing at all fails inside generated code.
        var errors = result.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.That(errors.Select(d => d.Id).Distinct(), Is.EquivalentTo(new[] { "CS8795", "CS0246" }), errors.Describe());
        Assert.That(errors.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true), Is.Empty);
        Assert.That(errors.Count(d => d.Id == "CS8795"), Is.EqualTo(13), errors.Describe());
    }
}
