using Newtonsoft.Json.Linq;
using SimpleRpc.ClientStub.Discovery;
using SimpleRpc.Serialization;

namespace SimpleRpc.ClientStub.Tests.Discovery;

/// <summary>
/// Types the samples do not use, in a proxy written like the server writes one; each schema is
/// checked against what RpcJson actually writes for such a value.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class JsonSchemaMapperTests
{
    private const string Kit = """
        #nullable enable
        namespace SimpleRpc.Proxies;

        [global::SimpleRpc.Client.RpcModule("kit", Version = 2, Checksum = "ab12")]
        public static partial class Kit
        {
            public static partial global::System.TimeSpan Wait(global::System.TimeSpan duration, global::System.DateOnly day, global::System.TimeOnly at);
            public static partial byte[] Bytes(byte[][] chunks, global::System.Uri where);
            public static partial (int, string name) Pair(global::System.Collections.Generic.HashSet<string> tags, global::System.Collections.Generic.KeyValuePair<string, long> entry);
            public static partial global::SimpleRpc.Proxies.Kit.Access Grant(global::SimpleRpc.Proxies.Kit.Access access = global::SimpleRpc.Proxies.Kit.Access.Read);
            public static partial int[,] Grid(global::System.Nullable<int> size, uint u, ulong big, short s, float f, global::SimpleRpc.Proxies.Kit.Range? range = null, double low = -1.5, long lowest = -7);
            public static partial object Anything(global::System.Collections.Generic.IReadOnlyDictionary<string, global::SimpleRpc.Proxies.Kit.Holder> holders, global::Some.Other.Thing thing);

            [global::System.Flags]
            public enum Access : byte
            {
                None = 0,
                Read = 1,
                Write = 2,
            }

            public record struct Range(int Min = 0, int Max = 10);

            public sealed class Holder
            {
                public required string Name { get; init; }
                public global::SimpleRpc.Proxies.Kit.Range Span { get; set; }
            }
        }
        """;

    private JObject _document = null!;

    [OneTimeSetUp]
    public void BuildOnce() => _document = OpenRpcDocumentBuilder.Build([ProxySyntaxReader.Read(Kit)!], "kit-stub", null);

    [Test]
    public void Read_ModuleAttribute_GivesNameVersionChecksumAndClass()
    {
        var module = ProxySyntaxReader.Read(Kit)!;

        Assert.That((module.Name, module.Version, module.Checksum, module.ClassName), Is.EqualTo(("kit", 2, "ab12", "Kit")));
        Assert.That(module.DataTypes.Select(t => (t.Name, t.Kind)), Is.EqualTo(new[] { ("Access", ProxyDataKind.Enum), ("Range", ProxyDataKind.RecordStruct), ("Holder", ProxyDataKind.Class) }));
    }

    [TestCase("")]
    [TestCase("public static class NotAProxy { public static int One() => 1; }")]
    [TestCase("[global::SimpleRpc.Client.RpcModule(\"x\")] public static partial class X { }")]
    public void Read_NotAProxy_ReturnsNull(string source) => Assert.That(ProxySyntaxReader.Read(source), Is.Null);

    [Test]
    public void TimeSpan_Pattern_MatchesWhatRpcJsonWrites()
    {
        var schema = Param("kit.Wait", "duration");

        foreach (var value in new[] { TimeSpan.FromSeconds(1.5), TimeSpan.FromHours(-26.25), TimeSpan.Zero })
        {
            Assert.That(RpcJson.Deserialize<string>(RpcJson.Serialize(value)), Does.Match((string)schema["pattern"]!));
        }
    }

    [Test]
    public void DateOnlyAndTimeOnly_MatchWhatRpcJsonWrites()
    {
        Assert.That((string)Param("kit.Wait", "day")["format"]!, Is.EqualTo("date"));
        Assert.That(RpcJson.Serialize(new DateOnly(2025, 1, 31)), Is.EqualTo("\"2025-01-31\""));
        Assert.That(RpcJson.Deserialize<string>(RpcJson.Serialize(new TimeOnly(13, 45, 7, 250))), Does.Match((string)Param("kit.Wait", "at")["pattern"]!));
    }

    [Test]
    public void ByteArray_IsBase64String_AsRpcJsonWritesIt()
    {
        Assert.That(Result("kit.Bytes"), Is.EqualTo(JObject.Parse("""{"type":"string","contentEncoding":"base64"}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(RpcJson.Serialize(new byte[] { 1, 2, 3 }), Is.EqualTo("\"AQID\""));
        Assert.That((string)Param("kit.Bytes", "chunks")["items"]!["contentEncoding"]!, Is.EqualTo("base64"));
        Assert.That((string)Param("kit.Bytes", "where")["format"]!, Is.EqualTo("uri-reference"));
    }

    [Test]
    public void TupleSetAndPair_MapToTheirJsonShapes()
    {
        Assert.That(Result("kit.Pair")["properties"]!.Select(p => ((JProperty)p).Name), Is.EqualTo(new[] { "item1", "item2" }));
        Assert.That(RpcJson.Serialize((1, "a")), Is.EqualTo("""{"item1":1,"item2":"a"}"""));
        Assert.That((bool)Param("kit.Pair", "tags")["uniqueItems"]!, Is.True);
        Assert.That(Param("kit.Pair", "entry")["required"]!.Values<string>(), Is.EqualTo(new[] { "key", "value" }));
        Assert.That(RpcJson.Serialize(new KeyValuePair<string, long>("k", 1)), Is.EqualTo("""{"key":"k","value":1}"""));
    }

    [Test]
    public void FlagsEnum_IsIntegerWithoutEnumList_AndTravelsAsNumber()
    {
        var access = (JObject)_document["components"]!["schemas"]!["kit.Access"]!;

        Assert.That((string)access["type"]!, Is.EqualTo("integer"));
        Assert.That(access["enum"], Is.Null, "any combination of flags may travel");
        Assert.That((string)access["description"]!, Does.Contain("Write = 2"));
        Assert.That(RpcJson.Serialize(FileAccess.ReadWrite), Is.EqualTo("3"), "enums travel as numbers");
        Assert.That((int)Param("kit.Grant", "access")["default"]!, Is.EqualTo(1));
    }

    [Test]
    public void Numbers_HaveFormatsBoundsAndNegativeDefaults()
    {
        Assert.That(Param("kit.Grid", "size")["type"]!.Values<string>(), Is.EqualTo(new[] { "integer", "null" }));
        Assert.That((ulong)Param("kit.Grid", "big")["maximum"]!, Is.EqualTo(ulong.MaxValue));
        Assert.That((long)Param("kit.Grid", "s")["minimum"]!, Is.EqualTo(short.MinValue));
        Assert.That((string)Param("kit.Grid", "f")["format"]!, Is.EqualTo("float"));
        Assert.That((double)Param("kit.Grid", "low")["default"]!, Is.EqualTo(-1.5));
        Assert.That((long)Param("kit.Grid", "lowest")["default"]!, Is.EqualTo(-7));
        Assert.That(Result("kit.Grid")["items"]!["items"]!["type"]!.ToString(), Is.EqualTo("integer"), "int[,] travels as nested arrays");
    }

    [Test]
    public void RecordStruct_NullableAndMembers_FollowCSharp()
    {
        var range = (JObject)_document["components"]!["schemas"]!["kit.Range"]!;
        var holder = (JObject)_document["components"]!["schemas"]!["kit.Holder"]!;

        Assert.That(Param("kit.Grid", "range")["oneOf"]![1]!["type"]!.ToString(), Is.EqualTo("null"));
        Assert.That(range["required"], Is.Null, "both positional parameters have defaults");
        Assert.That((int)range["properties"]!["max"]!["default"]!, Is.EqualTo(10));
        Assert.That(holder["required"]!.Values<string>(), Is.EqualTo(new[] { "name" }));
        Assert.That(Param("kit.Anything", "holders")["additionalProperties"]!["$ref"]!.ToString(), Is.EqualTo("#/components/schemas/kit.Holder"));
    }

    [Test]
    public void UnknownTypeAndObject_AcceptAnyJson()
    {
        Assert.That(Result("kit.Anything"), Is.Empty);
        Assert.That(Param("kit.Anything", "thing").Properties().Select(p => p.Name), Is.EqualTo(new[] { "description" }));
    }

    [Test]
    public void SignatureIds_FollowRpcMethodRules()
    {
        var ids = _document["methods"]!.Select(m => (string)m["x-simplerpc"]!["signatureId"]!);

        Assert.That(ids, Is.EqualTo(new[]
        {
            "kit.Wait(TimeSpan,DateOnly,TimeOnly)", "kit.Bytes(byte[][],Uri)", "kit.Pair(HashSet<string>,KeyValuePair<string,long>)",
            "kit.Grant(Access)", "kit.Grid(int?,uint,ulong,short,float,Range?,double,long)", "kit.Anything(IReadOnlyDictionary<string,Holder>,Thing)",
        }));
        Assert.That(_document["servers"], Is.Null, "no endpoint, no servers");
    }

    private JObject Method(string name) => _document["methods"]!.Cast<JObject>().Single(m => (string)m["name"]! == name);

    private JObject Result(string method) => (JObject)Method(method)["result"]!["schema"]!;

    private JObject Param(string method, string name) => (JObject)Method(method)["params"]!.Single(p => (string)p["name"]! == name)["schema"]!;
}
