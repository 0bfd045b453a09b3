using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>Assertions on JSON-RPC replies as they came off the wire.</summary>
public static class WireAssert
{
    /// <summary>Asserts an error reply with <paramref name="code"/> whose message contains <paramref name="fragment"/>; returns the error object.</summary>
    public static JObject Error(JObject reply, int code, string fragment)
    {
        var text = reply.ToString(Formatting.None);
        Assert.That(reply["jsonrpc"]?.ToString(), Is.EqualTo("2.0"), text);
        Assert.That(reply.Property("id"), Is.Not.Null, "a reply always carries an id member (null when unreadable): " + text);
        Assert.That(reply["result"], Is.Null, text);
        var error = reply["error"] as JObject;
        Assert.That(error, Is.Not.Null, "an error reply: " + text);
        Assert.That((int?)error!["code"], Is.EqualTo(code), text);
        Assert.That(error["message"]?.ToString(), Does.Contain(fragment), text);
        return error;
    }

    /// <summary>Asserts an error reply to the request with <paramref name="id"/> (a JSON null when it could not be read).</summary>
    public static JObject Error(JObject reply, JToken id, int code, string fragment)
    {
        var error = Error(reply, code, fragment);
        Assert.That(JToken.DeepEquals(reply["id"], id), Is.True, $"the reply's id is {reply["id"]?.ToString(Formatting.None)}, expected {id.ToString(Formatting.None)}");
        return error;
    }

    /// <summary>Asserts a success reply and returns its result.</summary>
    public static JToken Result(JObject reply)
    {
        Assert.That(reply["error"], Is.Null, reply.ToString(Formatting.None));
        Assert.That(reply.Property("result"), Is.Not.Null, reply.ToString(Formatting.None));
        return reply["result"]!;
    }
}
