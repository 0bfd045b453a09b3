using System.Text;
using SimpleRpc.Protocol;
using SimpleRpc.Serialization;

namespace SimpleRpc.Shared.Tests.Serialization;

[CancelAfter(10_000)]
public sealed class JsonRpcFormatterTests
{
    [Test]
    public void Parse_RequestWithNumberId_ReadsIdMethodAndParams()
    {
        var message = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":42,"method":"z.Add","params":[1,2]}""");

        Assert.Multiple(() =>
        {
            Assert.That(message.Id, Is.EqualTo(RpcId.From(42)));
            Assert.That(message.Method, Is.EqualTo("z.Add"));
            Assert.That(message.ParamsJson, Is.EqualTo("[1,2]"));
            Assert.That(message.IsRequest, Is.True);
        });
    }

    [Test]
    public void Parse_RequestWithStringId_KeepsStringKind()
    {
        var message = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":"42","method":"m"}""");

        Assert.That(message.Id, Is.EqualTo(RpcId.From("42")));
        Assert.That(message.Id.Kind, Is.EqualTo(RpcIdKind.String));
        Assert.That(message.ParamsJson, Is.Null);
    }

    [Test]
    public void Parse_RequestWithNullId_IsRequestWithNullId()
    {
        var message = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":null,"method":"m","params":{}}""");

        Assert.That(message.Id, Is.EqualTo(RpcId.Null));
        Assert.That(message.IsRequest, Is.True);
    }

    [Test]
    public void Parse_Notification_HasNoId()
    {
        var message = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","method":"simplerpc/messageReceived","params":{"from":"a"}}""");

        Assert.That(message.Id.IsPresent, Is.False);
        Assert.That(message.IsNotification, Is.True);
        Assert.That(message.IsRequest, Is.False);
    }

    [TestCase("[]")]
    [TestCase("{}")]
    [TestCase("[1, 2 ,3]")]
    [TestCase("""{"a": {"b": [1, {"c": null}]}, "d": true}""")]
    [TestCase("""["]", "}", "\"", "a\\\"]}b", "{[", "\\"]""")]
    [TestCase("""{"k]":"v}","q\"":"\"{"}""")]
    [TestCase("""["é", "✓", "😀", "\u00e9\ud83d\ude00"]""")]
    [TestCase("""[1.0, 1e30, -1.7976931348623157E+308, 1e400, -0, 12345678901234567890123]""")]
    public void Parse_Params_KeepsRawTextExactly(string paramsJson)
    {
        var line = """{"jsonrpc":"2.0","id":1,"method":"m","params":""" + paramsJson + ""","after":"]}"}""";

        Assert.That(JsonRpcFormatter.Parse(line).ParamsJson, Is.EqualTo(paramsJson));
    }

    [Test]
    public void Parse_ParamsWithSpacesAroundColon_KeepsRawValueOnly()
    {
        var message = JsonRpcFormatter.Parse("""{ "jsonrpc" : "2.0" , "id" : 1 , "method" : "m" , "params" :  [ 1 ] }""");

        Assert.That(message.ParamsJson, Is.EqualTo("[ 1 ]"));
    }

    [Test]
    public void Parse_LoneCarriageReturnBeforeParams_KeepsParamsExact()
    {
        // A lone \r is JSON whitespace, but the JSON reader counts it as a line break.
        var message = JsonRpcFormatter.Parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\",\r\"params\":\r[1,\r2]}");

        Assert.That(RpcJson.Deserialize<int[]>(message.ParamsJson!), Is.EqualTo(new[] { 1, 2 }));
    }

    [TestCase("""{"x":[1,"]"]}""")]
    [TestCase("\"text\"")]
    [TestCase("null")]
    [TestCase("3.25")]
    public void Parse_Result_KeepsRawText(string resultJson)
    {
        var message = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":7,"result":""" + resultJson + "}");

        Assert.That(message.IsResponse, Is.True);
        Assert.That(message.Error, Is.Null);
        Assert.That(message.ResultJson, Is.EqualTo(resultJson));
    }

    [Test]
    public void Parse_ErrorWithData_ReadsCodeMessageAndRawData()
    {
        var message = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":"a","error":{"code":-32001,"message":"Name \"x\" taken","data":{"name":"x","suggestion":"x-2"}}}""");

        Assert.That(message.Error, Is.EqualTo(new RpcError(-32001, "Name \"x\" taken", """{"name":"x","suggestion":"x-2"}""")));
        Assert.That(message.Id, Is.EqualTo(RpcId.From("a")));
    }

    [Test]
    public void Parse_ErrorWithNullId_IsResponse()
    {
        var message = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}""");

        Assert.That(message.Id, Is.EqualTo(RpcId.Null));
        Assert.That(message.Error!.Code, Is.EqualTo(RpcErrorCodes.ParseError));
        Assert.That(message.Error.DataJson, Is.Null);
    }

    [TestCase("not json")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"id\":1,")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"m\"} trailing")]
    [TestCase("{'jsonrpc':'2.0',,}")]
    public void Parse_BadJson_ThrowsParseError(string line)
    {
        var ex = Assert.Throws<JsonRpcFormatException>(() => JsonRpcFormatter.Parse(line));

        Assert.That(ex.Code, Is.EqualTo(RpcErrorCodes.ParseError));
    }

    [TestCase("""{"jsonrpc":"2.0","id":5,"method":"z.Add","params":[1,""", "Parse error: the message ends before its closing brace.")]
    [TestCase("""{"jsonrpc":"2.0","id":5,"method":"z.Add","para""", "Parse error: the message ends before its closing brace.")]
    [TestCase("""{"jsonrpc":"2.0","id":5} x""", "Unexpected content after the JSON object.")]
    [TestCase("""{"jsonrpc":"2.0","id":5,"method":"m","params":""" + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "Parse error: the message is nested deeper than 64 levels (maxJsonDepth).")]
    public void Parse_BadJson_SaysWhatIsWrong(string line, string message)
    {
        var ex = Assert.Throws<JsonRpcFormatException>(() => JsonRpcFormatter.Parse(line));

        Assert.That(ex!.Message, Is.EqualTo(message));
        Assert.That(ex.Code, Is.EqualTo(RpcErrorCodes.ParseError));
    }

    [Test]
    public void Parse_TooDeep_ThrowsParseError()
    {
        var deep = new string('[', RpcJson.MaxDepth + 10) + new string(']', RpcJson.MaxDepth + 10);

        var ex = Assert.Throws<JsonRpcFormatException>(() => JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":1,"method":"m","params":""" + deep + "}"));

        Assert.That(ex.Code, Is.EqualTo(RpcErrorCodes.ParseError));
    }

    [TestCase("[1,2]", TestName = "Parse_NonObject_Array_ThrowsInvalidRequest")]
    [TestCase("42", TestName = "Parse_NonObject_Number_ThrowsInvalidRequest")]
    [TestCase("\"text\"", TestName = "Parse_NonObject_String_ThrowsInvalidRequest")]
    [TestCase("""[{"jsonrpc":"2.0","id":1,"method":"m"}]""", TestName = "Parse_Batch_ThrowsInvalidRequest")]
    [TestCase("""{"id":1,"method":"m"}""", TestName = "Parse_MissingJsonrpc_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"1.0","id":1,"method":"m"}""", TestName = "Parse_Jsonrpc10_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":2.0,"id":1,"method":"m"}""", TestName = "Parse_JsonrpcNumber_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":5}""", TestName = "Parse_MethodNumber_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":null}""", TestName = "Parse_MethodNull_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":{"a":1},"params":[]}""", TestName = "Parse_MethodObject_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":["m"]}""", TestName = "Parse_MethodArray_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"m","params":5}""", TestName = "Parse_ParamsNumber_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"method":"m","params":"a"}""", TestName = "Parse_ParamsString_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","result":1}""", TestName = "Parse_ResponseWithoutId_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","error":{"code":1,"message":"m"}}""", TestName = "Parse_ErrorWithoutId_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1}""", TestName = "Parse_NoMethodResultOrError_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1.5,"method":"m"}""", TestName = "Parse_FractionalId_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":{},"method":"m"}""", TestName = "Parse_ObjectId_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"m"}""", TestName = "Parse_IdOutOfRange_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"error":"boom"}""", TestName = "Parse_ErrorNotObject_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}""", TestName = "Parse_ErrorCodeString_ThrowsInvalidRequest")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"error":{"code":99999999999,"message":"m"}}""", TestName = "Parse_ErrorCodeOutOfRange_ThrowsInvalidRequest")]
    [TestCase("   ", TestName = "Parse_Whitespace_ThrowsInvalidRequest")]
    public void Parse_NotAJsonRpcMessage_ThrowsInvalidRequest(string line)
    {
        var ex = Assert.Throws<JsonRpcFormatException>(() => JsonRpcFormatter.Parse(line));

        Assert.That(ex.Code, Is.EqualTo(RpcErrorCodes.InvalidRequest), ex.Message);
    }

    [TestCase("""{"jsonrpc":"1.0","id":17,"method":"m"}""")]
    [TestCase("""{"id":17,"jsonrpc":"2.0","method":5}""")]
    [TestCase("""{"jsonrpc":"2.0","method":"m","params":5,"id":17}""")]
    [TestCase("""{"jsonrpc":"2.0","id":17,"method":"m","params":[1,""")]
    public void Parse_BadMessageWithReadableId_ReportsId(string line)
    {
        var ex = Assert.Throws<JsonRpcFormatException>(() => JsonRpcFormatter.Parse(line));

        Assert.That(ex.Id, Is.EqualTo(RpcId.From(17)));
    }

    [Test]
    public void Parse_UnknownMembers_AreIgnored()
    {
        var message = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","x":{"y":[1,2]},"id":1,"method":"m","z":"]"}""");

        Assert.That(message.Method, Is.EqualTo("m"));
    }

    [Test]
    public void Format_Request_IsCompactAndOrdered()
    {
        var text = JsonRpcFormatter.Format(JsonRpcMessage.Request(RpcId.From(3), "z.Add", "[1,2]"));

        Assert.That(text, Is.EqualTo("""{"jsonrpc":"2.0","id":3,"method":"z.Add","params":[1,2]}"""));
    }

    [Test]
    public void Format_SuccessWithNullResult_WritesResultNull()
    {
        Assert.That(JsonRpcFormatter.Format(JsonRpcMessage.Success(RpcId.From("a"), null)), Is.EqualTo("""{"jsonrpc":"2.0","id":"a","result":null}"""));
    }

    [Test]
    public void Format_FailureWithoutId_WritesNullId()
    {
        var text = JsonRpcFormatter.Format(JsonRpcMessage.Failure(RpcId.None, new RpcError(-32700, "bad \"json\"")));

        Assert.That(text, Is.EqualTo("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad \"json\""}}"""));
    }

    [TestCaseSource(nameof(RoundTripMessages))]
    public void Format_ThenParse_RoundTrips(JsonRpcMessage original)
    {
        var parsed = JsonRpcFormatter.Parse(JsonRpcFormatter.Format(original));

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Id, Is.EqualTo(original.Id));
            Assert.That(parsed.Method, Is.EqualTo(original.Method));
            Assert.That(parsed.ParamsJson, Is.EqualTo(original.ParamsJson));
            Assert.That(parsed.ResultJson, Is.EqualTo(original.ResultJson));
            Assert.That(parsed.Error, Is.EqualTo(original.Error));
        });
    }

    private static IEnumerable<TestCaseData> RoundTripMessages()
    {
        yield return new TestCaseData(JsonRpcMessage.Request(RpcId.From(long.MaxValue), "z.Add", "[1,2]")).SetArgDisplayNames("request, long id");
        yield return new TestCaseData(JsonRpcMessage.Request(RpcId.From("id \"1\" é"), "ü.Méthod\"x\"", """{"a":"]}\""}""")).SetArgDisplayNames("request, string id");
        yield return new TestCaseData(JsonRpcMessage.Request(RpcId.Null, "m", null)).SetArgDisplayNames("request, null id");
        yield return new TestCaseData(JsonRpcMessage.Notification("simplerpc/proxyRemoved", """{"name":"z"}""")).SetArgDisplayNames("notification");
        yield return new TestCaseData(JsonRpcMessage.Success(RpcId.From(-5), """[{"x":"😀"}]""")).SetArgDisplayNames("success");
        yield return new TestCaseData(JsonRpcMessage.Failure(RpcId.From(9), new RpcError(RpcErrorCodes.ModuleThrew, "line1\nline2", """{"type":"System.Exception"}"""))).SetArgDisplayNames("failure with data");
        yield return new TestCaseData(JsonRpcMessage.Failure(RpcId.From(9), new RpcError(RpcErrorCodes.InternalError, string.Empty))).SetArgDisplayNames("failure without data");
    }

    [Test]
    public void Forward_ReceivedParams_PassOnAsTheirBytesUnderTheNewEnvelope()
    {
        var received = JsonRpcFormatter.Parse("""{"jsonrpc":"2.0","id":"app-7","method":"z.Echo","params":["d\u00e9j\u00e0 vu",  {"a" : 1}],"timeoutMs":500}""");

        var forward = received.Forward(RpcId.From(9), 250, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(forward.ParamsUtf8.Span), Is.EqualTo("""["d\u00e9j\u00e0 vu",  {"a" : 1}]"""));
            Assert.That(JsonRpcFormatter.Format(forward), Is.EqualTo("""{"jsonrpc":"2.0","id":9,"method":"z.Echo","params":["d\u00e9j\u00e0 vu",  {"a" : 1}],"timeoutMs":250,"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}"""));
            Assert.That(forward.ParamsJson, Is.EqualTo(received.ParamsJson));
        });
    }

    [Test]
    public void ReplyAs_ReceivedResult_KeepsTheResultUnderTheCallersId()
    {
        var received = JsonRpcFormatter.Parse("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":\"日本 \\\"q\\\"\"}");

        var reply = received.ReplyAs(RpcId.From("app-7"));

        Assert.Multiple(() =>
        {
            Assert.That(JsonRpcFormatter.Format(reply), Is.EqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"app-7\",\"result\":\"日本 \\\"q\\\"\"}"));
            Assert.That(reply.ResultJson, Is.EqualTo("\"日本 \\\"q\\\"\""));
        });
    }

    [Test]
    public void ReplyAs_ErrorOrBuiltResult_KeepsErrorAndText()
    {
        var failed = JsonRpcMessage.Failure(RpcId.From(3), new RpcError(RpcErrorCodes.ModuleThrew, "bad \"input\"", "{\"type\":\"X\"}"));
        var built = JsonRpcMessage.Success(RpcId.From(3), null);

        Assert.Multiple(() =>
        {
            Assert.That(JsonRpcFormatter.Format(failed.ReplyAs(RpcId.From(4))), Is.EqualTo("{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":" + RpcErrorCodes.ModuleThrew + ",\"message\":\"bad \\\"input\\\"\",\"data\":{\"type\":\"X\"}}}"));
            Assert.That(JsonRpcFormatter.Format(built.ReplyAs(RpcId.From(4))), Is.EqualTo("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":null}"));
        });
    }
}
