using System.Reflection;
using System.Text;
using Newtonsoft.Json;
using SimpleRpc.Serialization;

namespace SimpleRpc.Shared.Tests.Serialization;

/// <summary>
/// The Newtonsoft-free path for params and results of int, long, bool and string: it writes the
/// bytes the Newtonsoft path writes (every UTF-16 code unit, surrogate pairs, lone surrogates),
/// reads what that path reads, and leaves to it every value it would read differently.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public class PrimitiveJsonTests
{
    private static readonly ParameterInfo[] Parameters = typeof(PrimitiveJsonTests).GetMethod(nameof(Sample), BindingFlags.NonPublic | BindingFlags.Static)!.GetParameters();

    [Test]
    public void TryWrite_EveryUtf16CodeUnitInAString_SameBytesAsNewtonsoft()
    {
        var differ = new List<int>();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var text = "a" + (char)c + "b";
            if (!PrimitiveJson.TryWrite(text)!.AsSpan().SequenceEqual(Newtonsoft(text)))
            {
                differ.Add(c);
            }
        }

        Assert.That(differ, Is.Empty, "code units written differently: " + string.Join(", ", differ.Take(20).Select(c => c.ToString("x4", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [TestCase("")]
    [TestCase("plain ASCII text")]
    [TestCase("\"quoted\" and \\ back\\slashed\r\n\t\b\f\u0001\u001f")]
    [TestCase("caf\u00e9 \u65e5\u672c \ud83d\ude00 emoji pair")]
    [TestCase("lone high \ud83d at the end \ud83d")]
    [TestCase("\ude00 lone low first")]
    [TestCase("line\u2028separator\u2029and next\u0085line")]
    public void TryWrite_Strings_SameBytesAsNewtonsoft(string text)
    {
        Assert.That(PrimitiveJson.TryWrite(text), Is.EqualTo(Newtonsoft(text)));
    }

    [Test]
    public void TryWrite_LongMixedString_SameBytesAsNewtonsoft()
    {
        var random = new Random(7);
        var text = new string([.. Enumerable.Range(0, 20_000).Select(_ => (char)(random.Next(4) == 0 ? random.Next(0, 0x10000) : random.Next(0x20, 0x7f)))]);
        Assert.That(PrimitiveJson.TryWrite(text), Is.EqualTo(Newtonsoft(text)));
    }

    [Test]
    public void TryWrite_NumbersBoolsAndNull_SameBytesAsNewtonsoft()
    {
        object?[] values = [0, -1, 42, int.MinValue, int.MaxValue, 0L, long.MinValue, long.MaxValue, true, false, null];
        foreach (var value in values)
        {
            Assert.That(PrimitiveJson.TryWrite(value), Is.EqualTo(Newtonsoft(value)), value?.ToString() ?? "null");
        }
    }

    [Test]
    public void TryWrite_OtherTypes_LeftToNewtonsoft()
    {
        Assert.That(new object[] { 1.5, 2m, 'c', (short)3, DateTime.UnixEpoch, new[] { 1 } }.Select(PrimitiveJson.TryWrite), Is.All.Null);
    }

    [Test]
    public void TryReadPositional_PlainTokens_ValuesAsNewtonsoftReadsThem()
    {
        var values = new object?[Parameters.Length];
        const string json = """[-7, 9007199254740993, true, "caf\u00e9 \"q\" \\ \n \ud83d\ude00 \u00e9"]""";

        Assert.That(PrimitiveJson.TryReadPositional(Encoding.UTF8.GetBytes(json), Parameters, values), Is.True);

        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        var expected = RpcJson.Serializer.Deserialize<Newtonsoft.Json.Linq.JArray>(reader)!;
        Assert.That(values, Is.EqualTo(new object?[] { (int)expected[0], (long)expected[1], (bool)expected[2], (string?)expected[3], "default" }));
    }

    [Test]
    public void TryReadPositional_FewerValues_DefaultsAfterThem()
    {
        var values = new object?[Parameters.Length];
        Assert.That(PrimitiveJson.TryReadPositional("[1, 2, false, null]"u8, Parameters, values), Is.True);
        Assert.That(values, Is.EqualTo(new object?[] { 1, 2L, false, null, "default" }));
    }

    [TestCase("[1.5, 2, true, \"x\"]", TestName = "TryReadPositional_FractionForInt_LeftToNewtonsoft")]
    [TestCase("[1.0, 2, true, \"x\"]", TestName = "TryReadPositional_WholeFloatForInt_LeftToNewtonsoft")]
    [TestCase("[\"5\", 2, true, \"x\"]", TestName = "TryReadPositional_StringForInt_LeftToNewtonsoft")]
    [TestCase("[null, 2, true, \"x\"]", TestName = "TryReadPositional_NullForInt_LeftToNewtonsoft")]
    [TestCase("[3000000000, 2, true, \"x\"]", TestName = "TryReadPositional_IntOverflow_LeftToNewtonsoft")]
    [TestCase("[1, 2, 1, \"x\"]", TestName = "TryReadPositional_NumberForBool_LeftToNewtonsoft")]
    [TestCase("[1, 2, true, 5]", TestName = "TryReadPositional_NumberForString_LeftToNewtonsoft")]
    [TestCase("[1, 2, true, \"\\ud800\"]", TestName = "TryReadPositional_LoneSurrogateEscape_LeftToNewtonsoft")]
    [TestCase("{\"a\": 1}", TestName = "TryReadPositional_NamedParams_LeftToNewtonsoft")]
    public void TryReadPositional_NotAPlainToken_False(string json)
    {
        Assert.That(PrimitiveJson.TryReadPositional(Encoding.UTF8.GetBytes(json), Parameters, new object?[Parameters.Length]), Is.False);
    }

    [Test]
    public void ReadsAll_OnlyTheTypesItReads()
    {
        Assert.That(PrimitiveJson.ReadsAll(Parameters), Is.True);
        Assert.That(PrimitiveJson.ReadsAll(typeof(Math).GetMethod(nameof(Math.Abs), [typeof(double)])!.GetParameters()), Is.False);
    }

    [Test]
    public void TryWriteArray_PrimitivesAndNulls_SameBytesAsRpcJson()
    {
        object?[][] arrays =
        [
            [], [1, 2], [-5L, true, null, "caf\u00e9 \"q\" \ud83d\ude00\n"], [.. Enumerable.Range(0, PrimitiveJson.MaxArrayLength).Select(i => (object?)i)],
            // One string is written straight into the array: plain, empty, beyond ASCII, to escape.
            [new string('a', 1024)], [string.Empty], ["caf\u00e9 \ud83d\ude00 \u2028"], ["tab\there"], [null],
        ];
        foreach (var array in arrays)
        {
            Assert.That(PrimitiveJson.TryWriteArray(array), Is.EqualTo(RpcJson.SerializeUtf8(array)), Encoding.UTF8.GetString(RpcJson.SerializeUtf8(array)));
        }
    }

    [Test]
    public void TryWriteArray_OtherTypeOrTooMany_LeftToRpcJson()
    {
        Assert.That(PrimitiveJson.TryWriteArray([1, 2.5]), Is.Null);
        Assert.That(PrimitiveJson.TryWriteArray([1, new[] { 2 }]), Is.Null);
        Assert.That(PrimitiveJson.TryWriteArray([.. Enumerable.Range(0, PrimitiveJson.MaxArrayLength + 1).Select(i => (object?)i)]), Is.Null);
    }

    [Test]
    public void TryRead_PlainTokens_WhatRpcJsonReads()
    {
        Assert.That(PrimitiveJson.TryRead<int>("-42"u8, out var int32) && int32 == RpcJson.Deserialize<int>("-42"), Is.True);
        Assert.That(PrimitiveJson.TryRead<long>("9007199254740993"u8, out var int64) && int64 == RpcJson.Deserialize<long>("9007199254740993"), Is.True);
        Assert.That(PrimitiveJson.TryRead<bool>("true"u8, out var flag) && flag, Is.True);
        Assert.That(PrimitiveJson.TryRead<string>("\"caf\u00e9\\n\""u8, out var text), Is.True);
        Assert.That(text, Is.EqualTo(RpcJson.Deserialize<string>("\"caf\u00e9\\n\"")));
        Assert.That(PrimitiveJson.TryRead<string>("null"u8, out var none) && none is null, Is.True);
    }

    [Test]
    public void TryRead_OtherTypeOrNotAPlainToken_LeftToRpcJson()
    {
        Assert.That(PrimitiveJson.TryRead<double>("1.5"u8, out _), Is.False);
        Assert.That(PrimitiveJson.TryRead<int>("1.5"u8, out _), Is.False);
        Assert.That(PrimitiveJson.TryRead<int>("\"1\""u8, out _), Is.False);
        Assert.That(PrimitiveJson.TryRead<int>("null"u8, out _), Is.False);
        Assert.That(PrimitiveJson.TryRead<string>("[1]"u8, out _), Is.False);
        Assert.That(PrimitiveJson.TryRead<string>("\"\\ud800\""u8, out _), Is.False);
    }

    // The Newtonsoft path the server took for every result before (ModuleValueSerializer).
    private static byte[] Newtonsoft(object? value)
    {
        using var bytes = new Utf8TextWriter();
        using (var writer = new JsonTextWriter(bytes) { Formatting = Formatting.None, CloseOutput = false })
        {
            RpcJson.Serializer.Serialize(writer, value);
            writer.Flush();
        }

        return bytes.ToArray();
    }

    private static void Sample(int a, long b, bool c, string? d, string e = "default")
    {
    }
}
