using System.Text;
using Newtonsoft.Json;
using SimpleRpc.Framing;

namespace SimpleRpc.Shared.Tests.Framing;

[CancelAfter(10_000)]
public sealed class FrameBuilderTests
{
    [TestCase("z.Add")]
    [TestCase("")]
    [TestCase("say \"hi\"")]
    [TestCase("back\\slash")]
    [TestCase("tab\there, line\nbreak, bell\a")]
    [TestCase("déjà vu, 日本, emoji \U0001F600")]
    [TestCase("del\u007f and \u2028 separator")]
    [TestCase("<script>&'</script>")]
    public void AppendJsonString_AnyText_EscapesAsNewtonsoftDoes(string value)
    {
        var frame = new FrameBuilder(4);
        try
        {
            frame.AppendJsonString(value);

            Assert.That(Encoding.UTF8.GetString(frame.Written), Is.EqualTo(JsonConvert.ToString(value)));
        }
        finally
        {
            frame.Dispose();
        }
    }

    [Test]
    public void Append_PastCapacity_GrowsAndKeepsWhatWasWritten()
    {
        var frame = new FrameBuilder(4);
        try
        {
            var expected = new StringBuilder();
            for (var i = 0; i < 500; i++)
            {
                frame.Append(i);
                frame.Append((byte)',');
                frame.AppendText("é");
                expected.Append(i).Append(',').Append('é');
            }

            Assert.That(Encoding.UTF8.GetString(frame.Written), Is.EqualTo(expected.ToString()));
        }
        finally
        {
            frame.Dispose();
        }
    }

    [Test]
    public void Detach_LeavesRoomForTheNewlineAndEmptiesTheBuilder()
    {
        var frame = new FrameBuilder(1);
        frame.Append("{}"u8);

        var (buffer, length) = frame.Detach();

        Assert.Multiple(() =>
        {
            Assert.That(length, Is.EqualTo(2));
            Assert.That(buffer.Length, Is.GreaterThan(length));
            Assert.That(frame.Length, Is.Zero);
        });
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }
}
