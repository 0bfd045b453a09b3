using SimpleRpc.Client;

namespace SimpleRpc.Shared.Tests.Client;

[TestFixture]
[CancelAfter(10_000)]
public class SignatureIdTests
{
    [TestCase("System.Int32", "int")]
    [TestCase("System.String", "string")]
    [TestCase("System.Object", "object")]
    [TestCase("System.Decimal", "decimal")]
    [TestCase("System.Guid", null)]
    [TestCase("Int32", null)]
    [TestCase(null, null)]
    public void Keyword_FullName_GivesTheCSharpKeywordOrNull(string? fullName, string? keyword) =>
        Assert.That(SignatureId.Keyword(fullName), Is.EqualTo(keyword));

    [Test]
    public void Named_GenericWithArity_DropsTheSuffixAndJoinsArgumentsWithoutSpaces()
    {
        Assert.That(SignatureId.Named("Dictionary`2", ["string", "List<int>"]), Is.EqualTo("Dictionary<string,List<int>>"));
        Assert.That(SignatureId.Named("Guid", []), Is.EqualTo("Guid"));
    }

    [Test]
    public void ArrayAndNullable_Compose_InTheOrderCSharpWritesThem()
    {
        var jagged = new[] { 1, 2 }.Aggregate("int", SignatureId.Array);
        Assert.That(jagged, Is.EqualTo("int[][,]"));
        Assert.That(SignatureId.Array(SignatureId.Nullable("int"), 1), Is.EqualTo("int?[]"));
    }

    [Test]
    public void Of_FunctionAndTypes_IsNameWithParenthesisedList()
    {
        Assert.That(SignatureId.Of("Add", ["int", "int"]), Is.EqualTo("Add(int,int)"));
        Assert.That(SignatureId.Of("Now", []), Is.EqualTo("Now()"));
        Assert.That(SignatureId.FunctionOf("Add(int,int)"), Is.EqualTo("Add"));
        Assert.That(SignatureId.FunctionOf("Add"), Is.EqualTo("Add"));
    }

    [TestCase("System.Threading.CancellationToken", true)]
    [TestCase("System.Int32", false)]
    public void IsLeftOut_CancellationTokenOnly(string fullName, bool leftOut) =>
        Assert.That(SignatureId.IsLeftOut(fullName), Is.EqualTo(leftOut));
}
