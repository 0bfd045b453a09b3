using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// Lines no well-behaved peer sends, against the server's port and a stub's app port: each gets
/// the exact error docs/protocol.md names (code, a stable part of the message, the id), and the
/// connection keeps working unless the protocol says it closes.
/// </summary>
[TestFixture]
[NonParallelizable]
public class MalformedWireTests : AdversarialFixture
{
    private static readonly (string Label, string Line, int Code, string Fragment, long? Id)[] BadLineTable =
    [
        ("NotJson", "this is not json", -32700, "Parse error", null),
        ("TruncatedJson", """{"jsonrpc":"2.0","id":5,"method":"z.Add","params":[1,""", -32700, "Parse error: the message ends before its closing brace.", 5),
        ("TrailingGarbage", """{"jsonrpc":"2.0","id":6,"method":"z.Add","params":[1,2]} trailing""", -32700, "Unexpected content after the JSON object.", 6),
        ("EmptyBatch", "[]", -32600, "Invalid request: the batch is empty.", null),
        ("TruncatedBatch", """[{"jsonrpc":"2.0","id":7,"method":"z.Add","params":[1,2]},{"jsonrpc":"2.0","method"]""", -32700, "Parse error", null),
        ("BareNumber", "42", -32600, "A JSON-RPC message must be a JSON object.", null),
        ("BareString", "\"z.Add\"", -32600, "A JSON-RPC message must be a JSON object.", null),
        ("BareNull", "null", -32600, "A JSON-RPC message must be a JSON object.", null),
        ("OnlySpaces", "   ", -32600, "Empty message.", null),
        ("MissingJsonrpc", """{"id":8,"method":"z.Add","params":[1,2]}""", -32600, "The jsonrpc member must be \"2.0\".", 8),
        ("JsonrpcOne", """{"jsonrpc":"1.0","id":9,"method":"z.Add","params":[1,2]}""", -32600, "The jsonrpc member must be \"2.0\".", 9),
        ("JsonrpcNumber", """{"jsonrpc":2.0,"id":10,"method":"z.Add","params":[1,2]}""", -32600, "The jsonrpc member must be \"2.0\".", 10),
        ("MethodNumber", """{"jsonrpc":"2.0","id":11,"method":42,"params":[1,2]}""", -32600, "The method member must be a string.", 11),
        ("MethodNull", """{"jsonrpc":"2.0","id":12,"method":null,"params":[1,2]}""", -32600, "The method member must be a string.", 12),
        ("NoMethodResultOrError", """{"jsonrpc":"2.0","id":13}""", -32600, "A message needs a method, a result or an error.", 13),
        ("ParamsNumber", """{"jsonrpc":"2.0","id":14,"method":"z.Add","params":7}""", -32600, "params must be an array or an object.", 14),
        ("ParamsString", """{"jsonrpc":"2.0","id":15,"method":"z.Add","params":"1,2"}""", -32600, "params must be an array or an object.", 15),
        ("IdObject", """{"jsonrpc":"2.0","id":{"n":16},"method":"z.Add","params":[1,2]}""", -32600, "The id must be a string, an integer or null.", null),
        ("IdFloat", """{"jsonrpc":"2.0","id":16.5,"method":"z.Add","params":[1,2]}""", -32600, "The id must be a string, an integer or null.", null),
        ("IdBoolean", """{"jsonrpc":"2.0","id":true,"method":"z.Add","params":[1,2]}""", -32600, "The id must be a string, an integer or null.", null),
        ("IdBeyondLong", """{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"z.Add","params":[1,2]}""", -32600, "The id must be a string, an integer or null.", null),
        ("UnknownBuiltIn", """{"jsonrpc":"2.0","id":17,"method":"simplerpc/nope"}""", -32601, "Method not found: simplerpc/nope", 17),
        ("UnknownModule", """{"jsonrpc":"2.0","id":18,"method":"nope.Add","params":[1,2]}""", -32601, "Method not found: no module 'nope' is registered.", 18),
        ("UnknownFunction", """{"jsonrpc":"2.0","id":19,"method":"z.Nope","params":[]}""", -32601, "Method not found: module 'z' v1 has no function 'Nope'.", 19),
        ("NoFunctionPart", """{"jsonrpc":"2.0","id":20,"method":"z.","params":[]}""", -32601, "Module calls are named '<module>.<Function>'.", 20),
        ("WrongParamTypes", """{"jsonrpc":"2.0","id":21,"method":"z.Add","params":["a","b"]}""", -32602, "Invalid params for int Add(int a, int b): Parameter 'a'", 21),
        ("TooFewParams", """{"jsonrpc":"2.0","id":22,"method":"z.Add","params":[1]}""", -32602, "No overload of z.Add takes 1 positional params; candidates: int Add(int a, int b).", 22),
        ("TooManyParams", """{"jsonrpc":"2.0","id":23,"method":"z.Add","params":[1,2,3]}""", -32602, "No overload of z.Add takes 3 positional params", 23),
        ("UnknownNamedParam", """{"jsonrpc":"2.0","id":24,"method":"z.Add","params":{"a":1,"c":2}}""", -32602, "No overload of z.Add takes the named params (a, c)", 24),
        ("NullForInt", """{"jsonrpc":"2.0","id":25,"method":"z.Add","params":[null,2]}""", -32602, "Parameter 'a' (Int32) cannot be null.", 25),
        ("IntOverflow", """{"jsonrpc":"2.0","id":26,"method":"z.Add","params":[99999999999,2]}""", -32602, "Error converting value 99999999999", 26),
        ("Nested200Deep", """{"jsonrpc":"2.0","id":27,"method":"z.Sum","params":[""" + new string('[', 200) + new string(']', 200) + "]}", -32700, "Parse error: the message is nested deeper than 64 levels (maxJsonDepth).", 27),
    ];

    public static IEnumerable<TestCaseData> BadLines() =>
        from target in new[] { WireTarget.Server, WireTarget.App }
        from row in BadLineTable
        select new TestCaseData(target, row.Line, row.Code, row.Fragment, row.Id).SetArgDisplayNames(target.ToString(), row.Label);

    private async Task<JsonLinePeer> ConnectAsync(WireTarget target, CancellationToken cancellationToken) =>
        target == WireTarget.Server
            ? await HelloAsync("wire-", CallerKey, cancellationToken)
            : await JsonLinePeer.ConnectAsync(Stub.AppEndpoint, cancellationToken);

    private static async Task AssertConnectionUsableAsync(JsonLinePeer peer, CancellationToken cancellationToken)
    {
        await peer.SendAsync("""{"jsonrpc":"2.0","id":777,"method":"z.Add","params":[1,2]}""", cancellationToken);
        var reply = await peer.NextReplyAsync(cancellationToken);
        Assert.That(reply["id"]?.ToString(), Is.EqualTo("777"), "the next reply on the connection answers the next request: " + reply);
        Assert.That((int)WireAssert.Result(reply), Is.EqualTo(3));
    }

    [TestCaseSource(nameof(BadLines))]
    [CancelAfter(60_000)]
    public async Task BadLine_ExactErrorThenConnectionStillServes(WireTarget target, string line, int code, string fragment, long? id, CancellationToken cancellationToken)
    {
        using var peer = await ConnectAsync(target, cancellationToken);
        await peer.SendAsync(line, cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), id is { } number ? new JValue(number) : JValue.CreateNull(), code, fragment);
        await AssertConnectionUsableAsync(peer, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task InvalidUtf8_ParseErrorWithNullIdThenClosed([Values] WireTarget target, CancellationToken cancellationToken)
    {
        using var peer = await ConnectAsync(target, cancellationToken);
        var bytes = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":5,"method":"z.Greet","params":["X"]}""" + "\n");
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xFF;
        await peer.SendBytesAsync(bytes, cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), JValue.CreateNull(), -32700, "The message is not valid UTF-8.");
        await peer.AssertClosedAsync(cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task OversizedFrame_LimitExceededWithNullIdThenClosed([Values] WireTarget target, CancellationToken cancellationToken)
    {
        const int maxFrameBytes = 4 * 1024 * 1024;
        using var peer = await ConnectAsync(target, cancellationToken);
        var head = "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"z.Greet\",\"params\":[\"";
        var tail = "\"]}";
        var line = head + new string('a', maxFrameBytes + 1 - head.Length - tail.Length) + tail;
        Assert.That(Encoding.UTF8.GetByteCount(line), Is.EqualTo(maxFrameBytes + 1));

        // The receiver stops reading once the line is past its limit, so the write may fail: that is fine.
        var writing = Task.Run(
            async () =>
            {
                try
                {
                    await peer.SendAsync(line, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
                {
                }
            },
            cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), JValue.CreateNull(), -32020, "A message is longer than the frame limit of 4194304 bytes (maxFrameBytes).");
        await peer.AssertClosedAsync(cancellationToken);
        await writing;
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Notifications_NoReplyAndTheNextRequestGetsItsOwn([Values] WireTarget target, CancellationToken cancellationToken)
    {
        using var peer = await ConnectAsync(target, cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"z.Add","params":[1,2]}""", cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"z.Nope","params":[]}""", cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"z.Add","params":["not","ints"]}""", cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"simplerpc/nope"}""", cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{"not":"an id"}}}""", cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":9,"method":"z.Add","params":[2,2]}""", cancellationToken);
        var first = await peer.NextReplyAsync(cancellationToken);
        Assert.That(first["id"]?.ToString(), Is.EqualTo("9"), "no notification was answered: " + first);
        Assert.That((int)WireAssert.Result(first), Is.EqualTo(4));
        await AssertConnectionUsableAsync(peer, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CancelRequest_RunningCall_RequestCancelled([Values] WireTarget target, CancellationToken cancellationToken)
    {
        using var peer = await ConnectAsync(target, cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":"slow","method":"z.SlowAdd","params":[1,2,60000]}""", cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"slow"}}""", cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), new JValue("slow"), -32800, "The call to z.SlowAdd was cancelled.");
        await AssertConnectionUsableAsync(peer, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CancelRequest_UnknownId_NothingHappens([Values] WireTarget target, CancellationToken cancellationToken)
    {
        using var peer = await ConnectAsync(target, cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":424242}}""", cancellationToken);
        await AssertConnectionUsableAsync(peer, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task FractionForIntParam_InvalidParams([Values] WireTarget target, CancellationToken cancellationToken)
    {
        using var peer = await ConnectAsync(target, cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":28,"method":"z.Add","params":[1.5,2]}""", cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), new JValue(28), -32602, "Invalid params for int Add(int a, int b)");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task NegativeTimeoutMs_InvalidRequestKeepsTheId([Values] WireTarget target, CancellationToken cancellationToken)
    {
        using var peer = await ConnectAsync(target, cancellationToken);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":29,"method":"z.Add","params":[1,2],"timeoutMs":-1}""", cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), new JValue(29), -32600, "timeoutMs must be a non-negative integer.");
    }

    [TestCase("z.Add", """[1,2]""")]
    [TestCase("simplerpc/modules", null)]
    [TestCase("simplerpc/clients", null)]
    [TestCase("simplerpc/upload.begin", """{"name":"early","size":10,"sha256":"00","chunkCount":1}""")]
    [CancelAfter(60_000)]
    public async Task BeforeHello_HelloRequiredAndHelloStillWorks(string method, string? parameters, CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        await peer.SendAsync(JsonLinePeer.Request(31, method, parameters is null ? null : JToken.Parse(parameters)), cancellationToken);
        WireAssert.Error(await peer.NextReplyAsync(cancellationToken), new JValue(31), -32002, "Say simplerpc/hello first.");

        var name = UniqueName("late-");
        var hello = await peer.CallAsync("simplerpc/hello", new JObject { ["name"] = name, ["key"] = CallerKey }, cancellationToken);
        Assert.That(WireAssert.Result(hello)["name"]?.ToString(), Is.EqualTo(name));
        await AssertConnectionUsableAsync(peer, cancellationToken);
    }

    [TestCase(CallerKey)]
    [TestCase(AdminKey)]
    [CancelAfter(60_000)]
    public async Task SecondHello_InvalidRequestSessionUnchanged(string secondKey, CancellationToken cancellationToken)
    {
        var name = UniqueName("twice-");
        using var peer = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, name, CallerKey, cancellationToken);
        var again = await peer.CallAsync("simplerpc/hello", new JObject { ["name"] = UniqueName("other-"), ["key"] = secondKey }, cancellationToken);
        WireAssert.Error(again, -32600, $"This connection already said hello as '{name}'.");

        var clients = (JArray)WireAssert.Result(await peer.CallAsync("simplerpc/clients", null, cancellationToken));
        Assert.That(clients.Select(c => c["name"]?.ToString()).Count(n => n == name), Is.EqualTo(1), "the session keeps its first name");
        var upload = await peer.CallAsync("simplerpc/upload.begin", new JObject { ["name"] = UniqueName("m"), ["size"] = 10, ["sha256"] = new string('0', 64), ["chunkCount"] = 1 }, cancellationToken);
        // A second hello with a stronger key does not raise the role.
        WireAssert.Error(upload, -32004, "has the call role");
        await AssertConnectionUsableAsync(peer, cancellationToken);
    }
}
