using System.Text;
using SimpleRpc.Serialization;

namespace SimpleRpc.Shared.Tests.Serialization;

[CancelAfter(10_000)]
public sealed class Utf8TextReaderTests
{
    private const string Mixed = "ascii é ✓ 中文 😀 \"quoted\" \\ end";

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(1024)]
    public void Read_InChunksOfAnySize_GivesTheTextEncodingUtf8Gives(int chunk)
    {
        var text = string.Concat(Enumerable.Repeat(Mixed, 50));
        using var reader = new Utf8TextReader(Encoding.UTF8.GetBytes(text));

        var read = new StringBuilder();
        var buffer = new char[chunk];
        int n;
        while ((n = reader.Read(buffer, 0, chunk)) > 0)
        {
            read.Append(buffer, 0, n);
        }

        Assert.That(read.ToString(), Is.EqualTo(text));
    }

    [Test]
    public void Read_InvalidBytes_BecomeReplacementCharactersAsEncodingUtf8Does()
    {
        byte[] bytes = [(byte)'a', 0xC3, (byte)'b', 0xFF, 0xE2, 0x9C];
        using var reader = new Utf8TextReader(bytes);

        Assert.That(reader.ReadToEnd(), Is.EqualTo(Encoding.UTF8.GetString(bytes)));
    }

    [Test]
    public void Read_OneCharAtATime_EndsWithMinusOne()
    {
        using var reader = new Utf8TextReader(Encoding.UTF8.GetBytes("é😀"));

        var chars = new List<int>();
        int c;
        while ((c = reader.Read()) != -1)
        {
            chars.Add(c);
        }

        Assert.That(chars, Is.EqualTo("é😀".Select(ch => (int)ch)));
    }
}
