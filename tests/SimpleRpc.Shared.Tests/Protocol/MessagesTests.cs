using System.Reflection;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Serialization;

namespace SimpleRpc.Shared.Tests.Protocol;

/// <summary>The protocol messages as they go on the wire (docs/protocol.md shows the same shapes).</summary>
[CancelAfter(10_000)]
public sealed class MessagesTests
{
    private static readonly DateTimeOffset When = new(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(1));
    private const string Sha = "2d9c30cba7a0a450911c8ea8a05d95951a2aa6d0602d5d8bab7a7f562a259763";

    [TestCaseSource(nameof(WireShapes))]
    public void Serialize_Message_HasDocumentedWireShape(object message, string json)
    {
        Assert.That(RpcJson.Serialize(message), Is.EqualTo(json));
    }

    [TestCaseSource(nameof(WireShapes))]
    public void Deserialize_WireShape_RoundTrips(object message, string json)
    {
        var back = RpcJson.Deserialize(json, message.GetType());

        Assert.That(back, Is.TypeOf(message.GetType()));
        Assert.That(RpcJson.Serialize(back), Is.EqualTo(json));
    }

    [Test]
    public void Serialize_HelloResultNotOpen_HasNoOpenMember()
    {
        var json = RpcJson.Serialize(new HelloResult("alpha", "s1", 1, ClientRole.Publish, Open: false));

        Assert.That(json, Does.Not.Contain("open"));
    }

    [TestCase("""{"name":"alpha","sessionId":"s1","serverVersion":1,"role":2}""", false)]
    [TestCase("""{"name":"alpha","sessionId":"s1","serverVersion":1,"role":3,"open":true}""", true)]
    [TestCase("""{"name":"alpha","sessionId":"s1","serverVersion":1,"role":3,"open":false}""", false)]
    public void Deserialize_HelloResult_OpenOnlyWhenSaid(string json, bool open)
    {
        Assert.That(RpcJson.Deserialize<HelloResult>(json)!.Open, Is.EqualTo(open));
    }

    [Test]
    public void Deserialize_MemberNamesInAnyCase_AreMatched()
    {
        Assert.That(RpcJson.Deserialize<SendMessageRequest>("""{"To":"bob","TEXT":"hi"}"""), Is.EqualTo(new SendMessageRequest("bob", "hi")));
    }

    [Test]
    public void Methods_EveryBuiltIn_HasThePrefixAndIsUnique()
    {
        // rpc.discover keeps OpenRPC's name (JSON-RPC reserves rpc.* for such extensions).
        var names = typeof(Methods).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(Methods.Prefix) && f.Name != nameof(Methods.Discover))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.That(names, Has.Count.GreaterThanOrEqualTo(12));
        Assert.That(names, Is.All.StartWith(Methods.Prefix));
        Assert.That(names, Is.Unique);
        Assert.That(Methods.Discover, Is.EqualTo("rpc.discover"));
    }

    [Test]
    public void RpcErrorCodes_SpecCodesAndApplicationRange_AreAsDocumented()
    {
        var codes = typeof(RpcErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

        Assert.Multiple(() =>
        {
            Assert.That(RpcErrorCodes.ParseError, Is.EqualTo(-32700));
            Assert.That(RpcErrorCodes.InvalidRequest, Is.EqualTo(-32600));
            Assert.That(RpcErrorCodes.MethodNotFound, Is.EqualTo(-32601));
            Assert.That(RpcErrorCodes.InvalidParams, Is.EqualTo(-32602));
            Assert.That(RpcErrorCodes.InternalError, Is.EqualTo(-32603));
            Assert.That(codes.Values, Is.Unique);
            var application = codes.Values.Where(c => c > -32600).ToList();
            Assert.That(application, Is.All.InRange(-32099, -32000));
        });
    }

    private static IEnumerable<TestCaseData> WireShapes()
    {
        static TestCaseData Case(object message, string json) => new TestCaseData(message, json).SetArgDisplayNames(message.GetType().Name);

        yield return Case(new HelloRequest("alpha", 1, "dev-publisher-key-0001", "s7"), """{"name":"alpha","version":1,"key":"dev-publisher-key-0001","resume":"s7"}""");
        yield return Case(new HelloResult("alpha-2", "s1", 1, ClientRole.Publish, 90, 30, 300), """{"name":"alpha-2","sessionId":"s1","serverVersion":1,"role":2,"idleTimeoutSeconds":90,"callTimeoutSeconds":30,"maxCallTimeoutSeconds":300}""");
        yield return Case(new HelloResult("dev", "s2", 1, ClientRole.Admin, 90, 30, 300, Open: true), """{"name":"dev","sessionId":"s2","serverVersion":1,"role":3,"idleTimeoutSeconds":90,"callTimeoutSeconds":30,"maxCallTimeoutSeconds":300,"open":true}""");
        yield return Case(new NameTakenData("alpha", "alpha-2"), """{"name":"alpha","suggestion":"alpha-2"}""");
        yield return Case(new ClientInfo("alpha", "s1", "127.0.0.1:40000", When), """{"name":"alpha","sessionId":"s1","address":"127.0.0.1:40000","connectedAt":"2025-01-02T03:04:05+01:00"}""");
        yield return Case(new SendMessageRequest("bob", "hi"), """{"to":"bob","text":"hi"}""");
        yield return Case(new ChatMessage("server", "hello", When), """{"from":"server","text":"hello","sentAt":"2025-01-02T03:04:05+01:00"}""");
        yield return Case(new SyncRequest(new Dictionary<string, string> { ["Zeta"] = "00", ["z"] = Sha }), """{"have":{"Zeta":"00","z":"2d9c30cba7a0a450911c8ea8a05d95951a2aa6d0602d5d8bab7a7f562a259763"}}""");
        yield return Case(new SyncResult([new ProxyUpdate("z", 2, "ab", "src")], ["gone"]), """{"updates":[{"name":"z","version":2,"checksum":"ab","source":"src"}],"removed":["gone"]}""");
        yield return Case(new ProxyUpdate("z", 1, Sha, "partial class Z {}\n"), """{"name":"z","version":1,"checksum":"2d9c30cba7a0a450911c8ea8a05d95951a2aa6d0602d5d8bab7a7f562a259763","source":"partial class Z {}\n"}""");
        yield return Case(new ProxyRemoval("z"), """{"name":"z"}""");
        yield return Case(new UploadBegin("tiny", 74, Sha, 1), """{"name":"tiny","size":74,"sha256":"2d9c30cba7a0a450911c8ea8a05d95951a2aa6d0602d5d8bab7a7f562a259763","chunkCount":1}""");
        yield return Case(new UploadStarted("u1", 262144), """{"uploadId":"u1","maxChunkBytes":262144}""");
        yield return Case(new UploadChunk("u1", 0, "AAEC", "ab"), """{"uploadId":"u1","index":0,"data":"AAEC","sha256":"ab"}""");
        yield return Case(new UploadCommit("u1"), """{"uploadId":"u1"}""");
        yield return Case(new ModuleInfo("tiny", 1, Sha, ["int Twice(int x)"], "uploader", When, []), """{"name":"tiny","version":1,"checksum":"2d9c30cba7a0a450911c8ea8a05d95951a2aa6d0602d5d8bab7a7f562a259763","functions":["int Twice(int x)"],"registeredBy":"uploader","registeredAt":"2025-01-02T03:04:05+01:00","warnings":[]}""");
        yield return Case(new ModuleInfo("tiny", 1, "ab", [], "u", When), """{"name":"tiny","version":1,"checksum":"ab","functions":[],"registeredBy":"u","registeredAt":"2025-01-02T03:04:05+01:00","warnings":null}""");
        yield return Case(new CompileFailedData(["tiny.cs(3,5): error CS1002: ; expected"]), """{"diagnostics":["tiny.cs(3,5): error CS1002: ; expected"]}""");
        yield return Case(new StubStatus("alpha", true, new Dictionary<string, string> { ["z"] = "ab" }), """{"name":"alpha","serverConnected":true,"modules":{"z":"ab"}}""");
        yield return Case(new RemoteErrorData("System.DivideByZeroException", "Attempted to divide by zero.", null), """{"type":"System.DivideByZeroException","message":"Attempted to divide by zero.","stackTrace":null}""");
        yield return Case(
            new RemoteErrorData("System.TypeInitializationException", "The type initializer for 'T' threw an exception.", "at F()", Inner: new RemoteErrorData("System.ArgumentException", "bad (Parameter 'x')", "at T..cctor()", "x")),
            """{"type":"System.TypeInitializationException","message":"The type initializer for 'T' threw an exception.","stackTrace":"at F()","inner":{"type":"System.ArgumentException","message":"bad (Parameter 'x')","stackTrace":"at T..cctor()","paramName":"x"}}""");
    }
}
