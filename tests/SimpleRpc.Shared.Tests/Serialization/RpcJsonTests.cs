using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using SimpleRpc.Serialization;

namespace SimpleRpc.Shared.Tests.Serialization;

[CancelAfter(10_000)]
public sealed class RpcJsonTests
{
    private static readonly string SentinelTypeName = typeof(Sentinel).AssemblyQualifiedName!;

    [Test]
    public void Settings_TypeNameHandling_IsNone()
    {
        Assert.That(RpcJson.Settings.TypeNameHandling, Is.EqualTo(TypeNameHandling.None));
        Assert.That(RpcJson.CreateSettings().TypeNameHandling, Is.EqualTo(TypeNameHandling.None));
    }

    [Test]
    public void Deserialize_TypeMemberAsObject_NeverInstantiatesNamedType()
    {
        var constructedBefore = Sentinel.Constructed;
        var json = "{\"$type\":\"" + SentinelTypeName + "\",\"value\":1}";

        var asObject = RpcJson.Deserialize<object>(json);
        var asHolder = RpcJson.Deserialize<Holder>("{\"payload\":" + json + "}");

        Assert.That(asObject, Is.InstanceOf<JObject>());
        Assert.That(asHolder!.Payload, Is.InstanceOf<JObject>());
        Assert.That(Sentinel.Constructed, Is.EqualTo(constructedBefore));
    }

    [Test]
    public void Deserialize_TypeMemberOnDeclaredType_IsIgnoredAsData()
    {
        var json = "{\"$type\":\"" + SentinelTypeName + "\",\"value\":5}";

        var plain = RpcJson.Deserialize<Plain>(json);

        Assert.That(plain, Is.TypeOf<Plain>());
        Assert.That(plain!.Value, Is.EqualTo(5));
    }

    [Test]
    public void Serialize_DerivedThroughBase_WritesNoTypeMember()
    {
        Holder holder = new() { Payload = new Sentinel { Value = 3 } };

        Assert.That(RpcJson.Serialize(holder), Is.EqualTo("{\"payload\":{\"value\":3}}"));
    }

    [Test]
    public void Serialize_PascalCaseMembers_WritesCamelCase()
    {
        var json = RpcJson.Serialize(new NamedThing { FirstName = "Ada", HTTPPort = 80 });

        Assert.That(json, Is.EqualTo("{\"firstName\":\"Ada\",\"httpPort\":80}"));
        Assert.That(RpcJson.Deserialize<NamedThing>(json)!.FirstName, Is.EqualTo("Ada"));
    }

    [Test]
    public void Serialize_DictionaryKeys_AreKeptAsWritten()
    {
        var json = RpcJson.Serialize(new Dictionary<string, int> { ["Zeta"] = 1, ["myModule"] = 2 });

        Assert.That(json, Is.EqualTo("{\"Zeta\":1,\"myModule\":2}"));
    }

    [Test]
    public void Serialize_Null_WritesNullMembers()
    {
        Assert.That(RpcJson.Serialize(new Holder()), Is.EqualTo("{\"payload\":null}"));
        Assert.That(RpcJson.Serialize(null), Is.EqualTo("null"));
    }

    [Test]
    public void DateTimeOffset_WithOffset_RoundTripsExactly()
    {
        var value = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(5.5)).AddTicks(1_234_567);

        var json = RpcJson.Serialize(value);
        var back = RpcJson.Deserialize<DateTimeOffset>(json);

        Assert.That(json, Is.EqualTo("\"2024-05-06T07:08:09.1234567+05:30\""));
        Assert.That(back.Ticks, Is.EqualTo(value.Ticks));
        Assert.That(back.Offset, Is.EqualTo(value.Offset));
    }

    [Test]
    public void DateTime_Utc_RoundTripsWithKind()
    {
        var value = new DateTime(2024, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999);

        var back = RpcJson.Deserialize<DateTime>(RpcJson.Serialize(value));

        Assert.That(back.Ticks, Is.EqualTo(value.Ticks));
        Assert.That(back.Kind, Is.EqualTo(DateTimeKind.Utc));
    }

    [Test]
    public void Deserialize_DateLikeStringIntoObject_StaysString()
    {
        var values = RpcJson.Deserialize<Dictionary<string, object>>("{\"when\":\"2024-01-02T03:04:05+01:00\"}");

        Assert.That(values!["when"], Is.EqualTo("2024-01-02T03:04:05+01:00"));
    }

    [TestCase("0.1")]
    [TestCase("79228162514264337593543950335")]
    [TestCase("-79228162514264337593543950335")]
    [TestCase("1.0000000000000000000000000001")]
    [TestCase("123456789.123456789")]
    public void Decimal_RoundTripsExactly(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var back = RpcJson.Deserialize<Money>(RpcJson.Serialize(new Money { Amount = value }));

        Assert.That(back!.Amount, Is.EqualTo(value));
        Assert.That(back.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(text));
    }

    // Apps send params and read results as UTF-8 with no string between: the bytes must be the
    // text's, and what comes back must be what the text reader gives.
    [TestCase("plain")]
    [TestCase("é ✓ 中文 😀 \"quoted\" \\ end")]
    public void SerializeUtf8_Values_AreTheUtf8OfSerialize(string word)
    {
        object?[] args = [1, word, new NamedThing { FirstName = word, HTTPPort = -2 }, null, 1.5m];

        Assert.That(RpcJson.SerializeUtf8(args), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(RpcJson.Serialize(args))));
    }

    [Test]
    public void DeserializeUtf8_LongNonAsciiText_IsWhatTheTextReaderGives()
    {
        var json = RpcJson.Serialize(new NamedThing { FirstName = string.Concat(Enumerable.Repeat("é ✓ 中文 😀 ", 2000)), HTTPPort = 8080 });

        var back = RpcJson.Deserialize<NamedThing>(System.Text.Encoding.UTF8.GetBytes(json).AsMemory());

        Assert.That(back!.FirstName, Is.EqualTo(RpcJson.Deserialize<NamedThing>(json)!.FirstName));
        Assert.That(back.HTTPPort, Is.EqualTo(8080));
    }

    [Test]
    public void DeserializeUtf8_ContentAfterTheValue_Throws()
    {
        Assert.That(() => RpcJson.Deserialize<int>("3 4"u8.ToArray().AsMemory()), Throws.InstanceOf<JsonReaderException>());
    }

    [Test]
    public void Deserialize_AtMaxDepth_Succeeds()
    {
        var json = new string('[', RpcJson.MaxDepth) + new string(']', RpcJson.MaxDepth);

        Assert.That(RpcJson.Deserialize<object>(json), Is.InstanceOf<JArray>());
    }

    [Test]
    public void Deserialize_DeeperThanMaxDepth_Throws()
    {
        var json = new string('[', RpcJson.MaxDepth + 1) + new string(']', RpcJson.MaxDepth + 1);

        Assert.That(() => RpcJson.Deserialize<object>(json), Throws.InstanceOf<JsonReaderException>().With.Message.Contains("MaxDepth"));
    }

    [Test]
    public void Deserialize_TrailingContent_Throws()
    {
        Assert.That(() => RpcJson.Deserialize<int>("1 2"), Throws.InstanceOf<JsonReaderException>());
    }

    public class Plain
    {
        public int Value { get; set; }
    }

    public sealed class Sentinel : Plain
    {
        private static int _constructed;

        public Sentinel() => Interlocked.Increment(ref _constructed);

        public static int Constructed => Volatile.Read(ref _constructed);
    }

    public sealed class Holder
    {
        public object? Payload { get; set; }
    }

    public sealed class NamedThing
    {
        public string? FirstName { get; set; }

        public int HTTPPort { get; set; }
    }

    public sealed class Money
    {
        public decimal Amount { get; set; }
    }
}
