using System.Text;
using SimpleRpc.Serialization;

namespace SimpleRpc.Shared.Tests.Serialization;

/// <summary>
/// A method name read again is the string read before (no new string per message), an escaped
/// or long one is read as it is, and a stream of new names gets each one right.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public class MethodNamesTests
{
    [Test]
    public void Parse_SameMethodTwice_SameString()
    {
        var first = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":1,"method":"z.Add(int,int)","params":[1,2]}""");
        var second = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":2,"method":"z.Add(int,int)","params":[3,4]}""");

        Assert.That(second.Method, Is.EqualTo("z.Add(int,int)"));
        Assert.That(ReferenceEquals(first.Method, second.Method), Is.True);
    }

    [Test]
    public void Parse_EscapedMethod_ReadUnescaped()
    {
        var message = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":1,"method":"z.Caf\u00e9\"q\""}""");
        var again = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":1,"method":"z.Café\"q\""}""");

        Assert.That(message.Method, Is.EqualTo("z.Café\"q\""));
        Assert.That(again.Method, Is.EqualTo(message.Method));
    }

    [Test]
    public void Parse_LongerThanKept_ReadAsItIs()
    {
        var name = "z." + new string('x', MethodNames.MaxLength);
        var line = $$"""{"jsonrpc":"2.0","id":1,"method":"{{name}}"}""";

        Assert.That(JsonRpcFormatter.Parse(line).Method, Is.EqualTo(name));
        Assert.That(ReferenceEquals(JsonRpcFormatter.Parse(line).Method, JsonRpcFormatter.Parse(line).Method), Is.False);
    }

    [Test]
    public void Parse_ManyMoreNamesThanSlots_EachReadRight()
    {
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < MethodNames.Slots * 8; i++)
            {
                var name = $"m{i}.F{i % 7}";
                Assert.That(JsonRpcFormatter.Parse(Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"{{name}}"}"""), 64).Method, Is.EqualTo(name));
            }
        }
    }
}
