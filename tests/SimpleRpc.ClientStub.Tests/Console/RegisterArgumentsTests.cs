using SimpleRpc.ClientStub.Console;
using SimpleRpc.Protocol.Messages;

namespace SimpleRpc.ClientStub.Tests.Console;

[TestFixture]
public sealed class RegisterArgumentsTests
{
    [TestCase("m.cs", "m.cs", false)]
    [TestCase("m.cs --breaking", "m.cs", true)]
    [TestCase("--breaking m.cs", "m.cs", true)]
    [TestCase("  my dir/m.cs  --breaking ", "my dir/m.cs", true)]
    [TestCase("--breaking", "", true)]
    [TestCase("m--breaking.cs", "m--breaking.cs", false)]
    public void Parse_PathAndFlag_Split(string arguments, string path, bool breaking)
    {
        Assert.That(RegisterArguments.Parse(arguments), Is.EqualTo((path, breaking)));
    }

    [Test]
    public void Describe_RefusalData_ChangesThenCallersOfEachFunction()
    {
        var data = new BreakingChangeData(
            "stats",
            3,
            ["breaking: function double Average(double[] values) removed", "compatible: function int Count(int[] values) added"],
            [new FunctionCallers("Average", [new ClientCallCount("alpha", 12), new ClientCallCount("beta", 1)]), new FunctionCallers("Sum", [])],
            24);

        Assert.That(RegisterArguments.Describe(data), Is.EqualTo(new[]
        {
            "  breaking: function double Average(double[] values) removed",
            "  compatible: function int Count(int[] values) added",
            "  stats.Average was called in the last 24 h by alpha (12), beta (1)",
            "  stats.Sum: no calls in the last 24 h",
        }));
    }
}
