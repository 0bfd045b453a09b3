using System.Reflection;
using System.Runtime.Loader;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Compilation;

/// <summary>The proxy's data types behave as the module's: initializers, constructors, init and required members, record defaults, exceptions.</summary>
public sealed partial class ProxySourceEmitterTests
{
    private const string FaithfulName = "shapes";

    private const string FaithfulSource = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics.CodeAnalysis;

        namespace Shapes;

        public sealed class Line
        {
            public double Length { get; set; }
        }

        public enum ShapeKind { Circle, Square = 4 }

        public class Order
        {
            public List<Line> Lines { get; set; } = new();
            public List<Line> Spare { get; set; } = new List<Line>();
            public IList<Line> Abstract { get; set; } = new List<Line>();
            public List<string> Tags { get; init; } = [];
            public int[] Sizes { get; set; } = [1, 2, 3];
            public string Note { get; set; } = string.Empty;
            public string Title { get; set; } = "untitled";
            public ShapeKind Kind { get; set; } = ShapeKind.Square;
            public double Ratio { get; set; } = 0.5;
            public string Computed { get; set; } = "abc".ToUpperInvariant();
            public List<Line> Filled { get; set; } = new() { new Line() };
            public string? Maybe { get; set; } = null;
            public required string Id { get; init; }
            public int Count { get; }
        }

        public class Customer
        {
            public Customer() { }

            [SetsRequiredMembers]
            public Customer(string name, int level = 1) { Name = name; Level = level; }

            public Customer(string name, string nickname) { Name = name + nickname; }

            public required string Name { get; init; }
            public int Level { get; set; }
        }

        public class Ticket(string code)
        {
            public string Code { get; } = code;
        }

        public record Settings(int Retries = 3, string Mode = "fast", ShapeKind Kind = ShapeKind.Circle);

        public struct Range2
        {
            public Range2(int from, int to) { From = from; To = to; }
            public int From { get; set; } = 0;
            public int To { get; set; } = 10;
        }

        public class ShapeException(string message) : Exception(message);

        public sealed class BadShapeException(string message, string shape) : ShapeException(message)
        {
            public string Shape { get; } = shape;
        }

        public static class Api
        {
            public static Order Make(Customer customer, Ticket ticket, Settings settings, Range2 range) => new() { Id = ticket.Code };
            public static void Fail(string shape) => throw new BadShapeException("bad shape", shape);
        }
        """;

    [Test, CancelAfter(Timeout)]
    public void Emit_MemberInitializers_KeepsValuesAndDropsLogic()
    {
        var proxy = CompileFaithful();

        Assert.That(proxy, Does.Contain(Nested("""
            public class Order
            {
                public global::System.Collections.Generic.List<global::SimpleRpc.Proxies.Shapes.Line> Lines { get; set; } = new();
                public global::System.Collections.Generic.List<global::SimpleRpc.Proxies.Shapes.Line> Spare { get; set; } = new();
                public global::System.Collections.Generic.IList<global::SimpleRpc.Proxies.Shapes.Line> Abstract { get; set; } = default!;
                public global::System.Collections.Generic.List<string> Tags { get; init; } = [];
                public int[] Sizes { get; set; } = [1, 2, 3];
                public string Note { get; set; } = "";
                public string Title { get; set; } = "untitled";
                public global::SimpleRpc.Proxies.Shapes.ShapeKind Kind { get; set; } = global::SimpleRpc.Proxies.Shapes.ShapeKind.Square;
                public double Ratio { get; set; } = 0.5;
                public string Computed { get; set; } = default!;
                public global::System.Collections.Generic.List<global::SimpleRpc.Proxies.Shapes.Line> Filled { get; set; } = default!;
                public string? Maybe { get; set; } = null;
                public required string Id { get; init; }
                public int Count { get; init; }
            }

            """)));
    }

    [Test, CancelAfter(Timeout)]
    public void Emit_ConstructorsWithParameters_DeclaredWhenEachParameterNamesAMember()
    {
        var proxy = CompileFaithful();

        Assert.Multiple(() =>
        {
            Assert.That(proxy, Does.Contain(Nested("""
                public class Customer
                {
                    public required string Name { get; init; }
                    public int Level { get; set; }
                    public Customer()
                    {
                    }
                    [global::System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
                    public Customer(string name, int level = 1)
                    {
                        this.Name = name;
                        this.Level = level;
                    }
                }

                """)));
            Assert.That(proxy, Does.Contain(Nested("""
                public class Ticket
                {
                    public string Code { get; init; } = default!;
                    public Ticket(string code)
                    {
                        this.Code = code;
                    }
                }

                """)));
            Assert.That(proxy, Does.Contain(Nested("""
                public struct Range2
                {
                    public int From { get; set; } = 0;
                    public int To { get; set; } = 10;
                    public Range2(int from, int to)
                    {
                        this.From = from;
                        this.To = to;
                    }
                }

                """)));
            Assert.That(proxy, Does.Contain(Nested(
                "public record Settings(int Retries = 3, string Mode = \"fast\", global::SimpleRpc.Proxies.Shapes.ShapeKind Kind = global::SimpleRpc.Proxies.Shapes.ShapeKind.Circle);\n")));
        });
    }

    [Test, CancelAfter(Timeout)]
    public void Emit_ModuleExceptionTypes_BecomeRemoteInvocationExceptionsMarkedWithTheirRemoteName()
    {
        var proxy = CompileFaithful();

        Assert.That(proxy, Does.Contain(Nested("""
            [global::SimpleRpc.Client.RpcRemoteException("Shapes.ShapeException")]
            public class ShapeException : global::SimpleRpc.Rpc.RemoteInvocationException
            {
                /// <summary>Creates the exception from what the server reported.</summary>
                public ShapeException(global::SimpleRpc.Rpc.RemoteInvocationException remote)
                    : base(remote)
                {
                }
            }

            [global::SimpleRpc.Client.RpcRemoteException("Shapes.BadShapeException")]
            public sealed class BadShapeException : global::SimpleRpc.Proxies.Shapes.ShapeException
            {
                /// <summary>Creates the exception from what the server reported.</summary>
                public BadShapeException(global::SimpleRpc.Rpc.RemoteInvocationException remote)
                    : base(remote)
                {
                }
            }

            """)));
    }

    [Test, CancelAfter(Timeout)]
    public void Emit_FaithfulModule_ProxyPlusTrivialBodiesCompilesWithoutErrorsOrWarnings()
    {
        var tree = CSharpSyntaxTree.ParseText(CompileFaithful(), new CSharpParseOptions(LanguageVersion.Latest), "shapes.cs");

        var diagnostics = CompileProxy(tree, ImplementingDeclarations(tree));

        Assert.That(diagnostics, Is.Empty, () => string.Join("\n", diagnostics));
    }

    [Test, CancelAfter(Timeout)]
    public void Emit_FaithfulModule_AppCodeUsesDataTypesAndExceptionsAsInTheModule()
    {
        var tree = CSharpSyntaxTree.ParseText(CompileFaithful(), new CSharpParseOptions(LanguageVersion.Latest), "shapes.cs");
        var app = CSharpSyntaxTree.ParseText("""
            using SimpleRpc.Proxies;

            public static class AppCode
            {
                public static string Run()
                {
                    var order = new Shapes.Order { Id = "1" };
                    order.Lines.Add(new Shapes.Line { Length = 2 });
                    order.Tags.Add("new");
                    var customer = new Shapes.Customer("ann");
                    var range = new Shapes.Range2();
                    var settings = new Shapes.Settings();
                    var remote = new SimpleRpc.Rpc.RemoteInvocationException("bad shape", "Shapes.BadShapeException", "at Api.Fail", null);
                    try
                    {
                        throw new Shapes.BadShapeException(remote);
                    }
                    catch (Shapes.ShapeException ex)
                    {
                        return string.Join("|", order.Lines.Count, order.Tags[0], order.Sizes.Length, order.Note.Length, order.Title, order.Kind,
                            order.Ratio, customer.Level, range.To, settings.Retries, settings.Mode, ex.Message, ex.RemoteType);
                    }
                }
            }
            """, new CSharpParseOptions(LanguageVersion.Latest), "app.cs");
        var compilation = CSharpCompilation.Create(
            "FaithfulApp",
            [tree, ImplementingDeclarations(tree), app],
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(RemoteInvocationException).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.That(emitted.Success, Is.True, () => string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext("FaithfulApp", isCollectible: true);
        try
        {
            image.Position = 0;
            var run = context.LoadFromStream(image).GetType("AppCode")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;

            Assert.That(run.Invoke(null, null), Is.EqualTo("1|new|3|0|untitled|Square|0.5|1|0|3|fast|bad shape|Shapes.BadShapeException"));
        }
        finally
        {
            context.Unload();
        }
    }

    [Test, CancelAfter(Timeout)]
    public void Emit_FunctionWithSeveralTokens_ProxyDeclaresTheFirstOnly()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public static class Api
            {
                public static int Both(CancellationToken first, int x, CancellationToken second, int y = 2) => x;
                public static Task<int> Later(int x, CancellationToken a, CancellationToken b) => Task.FromResult(x);
            }
            """;
        var result = SampleModules.Compiler.Compile("tokens", source, 1, "00");
        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));

        Assert.That(result.ProxySource, Does.Contain("    public static partial int Both(global::System.Threading.CancellationToken first, int x, int y = 2);\n"));
        Assert.That(result.ProxySource, Does.Contain("    public static partial global::System.Threading.Tasks.Task<int> Later(int x, global::System.Threading.CancellationToken a = default);\n"));
    }

    private static string CompileFaithful()
    {
        var result = SampleModules.Compiler.Compile(FaithfulName, FaithfulSource, 1, "00");
        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        return result.ProxySource!;
    }
}
