using System.Text;
using SimpleRpc.Serialization;

namespace SimpleRpc.Shared.Tests.Serialization;

[CancelAfter(10_000)]
public sealed class Utf8TextWriterTests
{
    [Test]
    public void ToArray_TextWrittenCharByCharWithPairsSplit_IsItsUtf8()
    {
        var text = string.Concat(Enumerable.Repeat("ascii é ✓ 中文 😀 end ", 100));
        using var writer = new Utf8TextWriter();

        foreach (var c in text)
        {
            writer.Write(c);
        }

        Assert.That(writer.ToArray(), Is.EqualTo(Encoding.UTF8.GetBytes(text)));
    }

    [Test]
    public void ToArray_StringsSpansAndArrays_AreWrittenInOrder()
    {
        using var writer = new Utf8TextWriter();

        writer.Write("one ");
        writer.Write("two ".AsSpan());
        writer.Write("xthree x".ToCharArray(), 1, 6);
        writer.Write(new string('é', 5000));

        Assert.That(writer.ToArray(), Is.EqualTo(Encoding.UTF8.GetBytes("one two three " + new string('é', 5000))));
    }

    [Test]
    public void ToArray_LoneSurrogate_BecomesTheReplacementCharacterAsEncodingUtf8Does()
    {
        using var writer = new Utf8TextWriter();

        writer.Write("a\ud83db");

        Assert.That(writer.ToArray(), Is.EqualTo(Encoding.UTF8.GetBytes("a\ud83db")));
    }
}
