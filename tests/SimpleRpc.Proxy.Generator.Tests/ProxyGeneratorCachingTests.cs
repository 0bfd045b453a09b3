using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SimpleRpc.Proxy.Generator.Models;
using SimpleRpc.Proxy.Generator.Tests.Support;

namespace SimpleRpc.Proxy.Generator.Tests;

/// <summary>
/// The pipeline is incremental: an edit that does not touch a proxy reuses every stage's output,
/// and no stage's output holds a symbol, syntax, location or compilation.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class ProxyGeneratorCachingTests
{
    private const string Proxy = """
        #nullable enable
        namespace Demo;

        [global::SimpleRpc.Client.RpcModule("calc", Version = 2)]
        public static partial class Calculator
        {
            public static partial int Add(int a, int b = 2);
            public static partial global::System.Threading.Tasks.Task<int> SlowAdd(int a, global::System.Threading.CancellationToken cancellationToken);
            public static partial global::System.Threading.Tasks.ValueTask<string> Later(string? s);
        }
        """;

    private const string Unrelated = "namespace Demo; public static class Util { public static int One() => 1; }";

    public enum Edit
    {
        CloneOnly,
        AddUnrelatedTree,
        ReplaceUnrelatedTree,
    }

    private static IEnumerable<string> OurStages =>
        typeof(TrackingNames).GetFields()
            .Where(constant => constant.IsLiteral && constant.FieldType == typeof(string))
            .Select(constant => (string)constant.GetRawConstantValue()!);

    [TestCase(Edit.CloneOnly)]
    [TestCase(Edit.AddUnrelatedTree)]
    [TestCase(Edit.ReplaceUnrelatedTree)]
    public void Run_UnrelatedEdit_EveryStepCachedOrUnchanged(Edit edit)
    {
        var (first, second) = RunTwice(edit);

        foreach (var stage in OurStages)
        {
            Assert.That(first.TrackedSteps.ContainsKey(stage), Is.True, stage + " did not run");
            var reasons = second.TrackedSteps[stage].SelectMany(step => step.Outputs).Select(output => output.Reason).ToList();
            Assert.That(reasons, Is.Not.Empty.And.All.AnyOf(IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged), stage);
        }

        // The extract stage did rerun (the compilation changed); only its models' equality kept
        // the later stages from running, which is what this test guards.
        Assert.That(second.TrackedSteps[TrackingNames.Extract].SelectMany(step => step.Outputs).Select(output => output.Reason),
            Has.Some.EqualTo(IncrementalStepRunReason.Unchanged));

        var emitted = second.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).ToList();
        Assert.That(emitted.Select(output => output.Reason), Is.Not.Empty.And.All.EqualTo(IncrementalStepRunReason.Cached));
    }

    [TestCase(Edit.CloneOnly)]
    [TestCase(Edit.AddUnrelatedTree)]
    public void Run_AnyRun_StepOutputsHoldNoRoslynObjects(Edit edit)
    {
        var (first, second) = RunTwice(edit);

        foreach (var run in new[] { first, second })
        {
            foreach (var stage in OurStages)
            {
                var banned = new List<string>();
                var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
                foreach (var output in run.TrackedSteps[stage].SelectMany(step => step.Outputs))
                {
                    FindBanned(output.Value, banned, visited);
                }

                Assert.That(banned, Is.Empty, stage);
                Assert.That(visited.OfType<ProxyParameterModel>(), Is.Not.Empty, stage + ": the walk must reach the models' leaves");
                Assert.That(visited.OfType<AsyncTwinModel>(), Is.Not.Empty, stage + ": the walk must reach the twins");
                Assert.That(visited.OfType<TokenOverloadModel>(), Is.Not.Empty, stage + ": the walk must reach the token overloads");
            }
        }
    }

    [Test]
    public void Run_ProxyEdited_RegeneratesIt()
    {
        var compilation = GeneratorHarness.CreateCompilation(("calc.cs", Proxy), ("util.cs", Unrelated));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var old = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(
            Proxy.Replace("int b = 2", "int b = 3", StringComparison.Ordinal), GeneratorHarness.ParseOptions, old.FilePath));

        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = second.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs).Select(o => o.Reason);
        Assert.That(reasons, Has.Some.Not.EqualTo(IncrementalStepRunReason.Cached));
        Assert.That(second.GeneratedSources.Single().SourceText.ToString(), Does.Contain("int b = 3"));
    }

    private static (GeneratorRunResult First, GeneratorRunResult Second) RunTwice(Edit edit)
    {
        var compilation = GeneratorHarness.CreateCompilation(("calc.cs", Proxy), ("util.cs", Unrelated));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();

        var next = compilation.Clone();
        var util = next.SyntaxTrees.Last();
        next = edit switch
        {
            Edit.AddUnrelatedTree => next.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
                "namespace Demo; public static class Extra { }", GeneratorHarness.ParseOptions, "extra.cs")),
            Edit.ReplaceUnrelatedTree => next.ReplaceSyntaxTree(util, CSharpSyntaxTree.ParseText(
                Unrelated.Replace("=> 1", "=> 2", StringComparison.Ordinal), GeneratorHarness.ParseOptions, util.FilePath)),
            _ => next,
        };

        var second = driver.RunGenerators(next).GetRunResult().Results.Single();
        Assert.That(second.GeneratedSources.Select(s => s.SourceText.ToString()),
            Is.EqualTo(first.GeneratedSources.Select(s => s.SourceText.ToString())));
        return (first, second);
    }

    /// <summary>Walks an output's object graph, recording any Roslyn object that would pin a compilation.</summary>
    private static void FindBanned(object? node, List<string> banned, HashSet<object> visited)
    {
        if (node is null || !visited.Add(node))
        {
            return;
        }

        if (node is Compilation or ISymbol or SyntaxNode or SyntaxTree or Location or SemanticModel)
        {
            banned.Add(node.GetType().FullName!);
            return;
        }

        var type = node.GetType();
        if (type.IsPrimitive || type.IsEnum || node is string)
        {
            return;
        }

        if (node is IEnumerable items)
        {
            foreach (var item in items)
            {
                FindBanned(item, banned, visited);
            }

            return;
        }

        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            FindBanned(field.GetValue(node), banned, visited);
        }
    }
}
