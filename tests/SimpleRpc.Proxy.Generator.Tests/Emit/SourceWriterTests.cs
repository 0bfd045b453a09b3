using SimpleRpc.Proxy.Generator.Emit;

namespace SimpleRpc.Proxy.Generator.Tests.Emit;

[TestFixture]
[CancelAfter(5_000)]
public sealed class SourceWriterTests
{
    [Test]
    public void ToString_NestedBlocks_IndentsWithSpacesAndLineFeeds()
    {
        var writer = new SourceWriter();

        writer.OpenBlock("class A");
        writer.WriteLine("int X()");
        writer.Indent();
        writer.WriteLine("=> 1;");
        writer.Unindent();
        writer.WriteLine();
        writer.CloseBlock();

        Assert.That(writer.ToString(), Is.EqualTo("class A\n{\n    int X()\n        => 1;\n\n}\n"));
    }
}
