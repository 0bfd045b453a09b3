using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>Hellos that should not work: no key, a wrong key, a name bound to another key, a second instance.</summary>
[TestFixture]
[NonParallelizable]
public class IdentityAbuseTests : AdversarialFixture
{
    private const string Unauthorized = "The hello needs a valid key (the stub's conf key); this connection is closed.";

    private static JObject HelloParams(string name, JToken? key, string? resume = null)
    {
        var parameters = new JObject { ["name"] = name, ["version"] = 1 };
        if (key is not null)
        {
            parameters["key"] = key;
        }

        if (resume is not null)
        {
            parameters["resume"] = resume;
        }

        return parameters;
    }

    private static async Task<string> SessionOfAsync(JsonLinePeer peer, string name, CancellationToken cancellationToken)
    {
        var clients = (JArray)WireAssert.Result(await peer.CallAsync("simplerpc/clients", null, cancellationToken));
        return clients.Single(c => c["name"]?.ToString() == name)["sessionId"]!.ToString();
    }

    // The suggestion is the name without a trailing "-<number>", then "-2", "-3"… until one is free.
    private static string AssertNameTaken(JObject reply, string name, string why)
    {
        var error = WireAssert.Error(reply, -32001, $"The name '{name}' {why}; try '");
        var suggestion = error["data"]?["suggestion"]?.ToString();
        Assert.That(error["data"]?["name"]?.ToString(), Is.EqualTo(name));
        Assert.That(suggestion, Does.Match("^[A-Za-z0-9_.-]{1,64}$").And.Not.EqualTo(name), "a valid, different name");
        Assert.That(error["message"]?.ToString(), Is.EqualTo($"The name '{name}' {why}; try '{suggestion}'."));
        return suggestion!;
    }

    [TestCase(null, TestName = "Hello_NoKeyMember_UnauthorizedThenClosed")]
    [TestCase("", TestName = "Hello_EmptyKey_UnauthorizedThenClosed")]
    [TestCase("not-a-key-but-long-enough", TestName = "Hello_WrongKey_UnauthorizedThenClosed")]
    [TestCase("DEV-PUBLISHER-KEY-0001", TestName = "Hello_KeyInOtherCase_UnauthorizedThenClosed")]
    [TestCase("dev-publisher-key-0001 ", TestName = "Hello_KeyWithTrailingSpace_UnauthorizedThenClosed")]
    [CancelAfter(60_000)]
    public async Task Hello_WithoutValidKey_UnauthorizedThenClosed(string? key, CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        var reply = await peer.CallAsync("simplerpc/hello", HelloParams(UniqueName("intruder-"), key), cancellationToken);
        WireAssert.Error(reply, -32005, Unauthorized);
        await peer.AssertClosedAsync(cancellationToken);
    }

    [TestCase("[\"dev-publisher-key-0001\"]")]
    [TestCase("{\"key\":\"dev-publisher-key-0001\"}")]
    [CancelAfter(60_000)]
    public async Task Hello_KeyNotAString_InvalidParamsNoSession(string key, CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        WireAssert.Error(await peer.CallAsync("simplerpc/hello", HelloParams(UniqueName("odd-"), JToken.Parse(key)), cancellationToken), -32602, "Invalid params for simplerpc/hello");
        WireAssert.Error(await peer.CallAsync("z.Add", new JArray(1, 2), cancellationToken), -32002, "Say simplerpc/hello first.");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Hello_KeyANumber_UnauthorizedThenClosed(CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        WireAssert.Error(await peer.CallAsync("simplerpc/hello", HelloParams(UniqueName("number-"), 12345), cancellationToken), -32005, Unauthorized);
        await peer.AssertClosedAsync(cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Hello_NameBoundToAnotherKeyOwnerConnected_NameTakenOwnerUndisturbed(CancellationToken cancellationToken)
    {
        var name = UniqueName("owned-");
        using var owner = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, name, PublisherKey, cancellationToken);
        var session = await SessionOfAsync(owner, name, cancellationToken);
        using var thief = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        AssertNameTaken(await thief.CallAsync("simplerpc/hello", HelloParams(name, AdminKey), cancellationToken), name, "belongs to another key");
        AssertNameTaken(await thief.CallAsync("simplerpc/hello", HelloParams(name, AdminKey, resume: session), cancellationToken), name, "belongs to another key");
        WireAssert.Error(await thief.CallAsync("z.Add", new JArray(1, 2), cancellationToken), -32002, "Say simplerpc/hello first.");

        Assert.That((int)WireAssert.Result(await owner.CallAsync("z.Add", new JArray(1, 2), cancellationToken)), Is.EqualTo(3), "the owner's session was not replaced");
        Assert.That(await SessionOfAsync(owner, name, cancellationToken), Is.EqualTo(session));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Hello_AsNotification_IgnoredNameNotBoundCallsStillNeedHello(CancellationToken cancellationToken)
    {
        var name = UniqueName("silent-");
        using var peer = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        await peer.SendAsync(new JObject { ["jsonrpc"] = "2.0", ["method"] = "simplerpc/hello", ["params"] = HelloParams(name, PublisherKey) }.ToString(Newtonsoft.Json.Formatting.None), cancellationToken);
        WireAssert.Error(await peer.CallAsync("z.Add", new JArray(1, 2), cancellationToken), -32002, "Say simplerpc/hello first.");

        // The name was not taken by the notification: another key may have it.
        using var other = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, name, CallerKey, cancellationToken);
        Assert.That((int)WireAssert.Result(await other.CallAsync("z.Add", new JArray(1, 2), cancellationToken)), Is.EqualTo(3));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Hello_NameBoundToAnotherKeyOwnerGone_NameTaken(CancellationToken cancellationToken)
    {
        var name = UniqueName("left-");
        using (await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, name, PublisherKey, cancellationToken))
        {
        }

        await Cluster.Server.WaitForLineAsync($"Client {name} disconnected", Cluster.StepTimeout);
        using var thief = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        var suggestion = AssertNameTaken(await thief.CallAsync("simplerpc/hello", HelloParams(name, CallerKey), cancellationToken), name, "belongs to another key");

        var taken = await thief.CallAsync("simplerpc/hello", HelloParams(suggestion, CallerKey), cancellationToken);
        Assert.That(WireAssert.Result(taken)["name"]?.ToString(), Is.EqualTo(suggestion), "the suggested name is free");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Hello_SecondInstanceWithoutResume_NameTakenFirstKeepsWorking(CancellationToken cancellationToken)
    {
        var name = UniqueName("single-");
        using var first = await JsonLinePeer.HelloAsync(Cluster.ServerEndpoint, name, PublisherKey, cancellationToken);
        using var second = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        AssertNameTaken(await second.CallAsync("simplerpc/hello", HelloParams(name, PublisherKey), cancellationToken), name, "is taken");
        AssertNameTaken(await second.CallAsync("simplerpc/hello", HelloParams(name.ToUpperInvariant(), PublisherKey), cancellationToken), name.ToUpperInvariant(), "is taken");
        AssertNameTaken(await second.CallAsync("simplerpc/hello", HelloParams(name, PublisherKey, resume: "s999999"), cancellationToken), name, "is taken");
        Assert.That((int)WireAssert.Result(await first.CallAsync("z.Add", new JArray(1, 2), cancellationToken)), Is.EqualTo(3), "the first instance keeps its session");
    }

    [TestCase("a b")]
    [TestCase("../x")]
    [TestCase("x/y")]
    [TestCase("")]
    [TestCase("bell\u0007")]
    [TestCase("x12345678901234567890123456789012345678901234567890123456789012345")]
    [CancelAfter(60_000)]
    public async Task Hello_InvalidClientName_InvalidParamsAndConnectionMayRetry(string name, CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        WireAssert.Error(await peer.CallAsync("simplerpc/hello", HelloParams(name, PublisherKey), cancellationToken), -32602, "A client name has 1 to 64 letters, digits, '-', '_' or '.'.");
        var retry = UniqueName("retry-");
        Assert.That(WireAssert.Result(await peer.CallAsync("simplerpc/hello", HelloParams(retry, PublisherKey), cancellationToken))["name"]?.ToString(), Is.EqualTo(retry));
    }

    [TestCase(null, "simplerpc/hello needs params.")]
    [TestCase("[]", "Invalid params for simplerpc/hello")]
    [CancelAfter(60_000)]
    public async Task Hello_ParamsMissingOrAnArray_InvalidParams(string? parameters, string message, CancellationToken cancellationToken)
    {
        using var peer = await JsonLinePeer.ConnectAsync(Cluster.ServerEndpoint, cancellationToken);
        WireAssert.Error(await peer.CallAsync("simplerpc/hello", parameters is null ? null : JToken.Parse(parameters), cancellationToken), -32602, message);
    }

    [TestCase(63)]
    [TestCase(64)]
    [CancelAfter(90_000)]
    public async Task Hello_LongNameTaken_NameTakenWithSuggestionAndServerStillAnswers(int length, CancellationToken cancellationToken)
    {
        // Its own cluster: with the bug, a server thread spins for ever holding the registry lock, and
        // the server never answers a hello again (the connection is only closed by helloTimeoutSeconds).
        await using var cluster = await Cluster.StartAsync();
        var name = new string('x', length);
        using var first = await JsonLinePeer.HelloAsync(cluster.ServerEndpoint, name, CallerKey, cancellationToken);
        using var second = await JsonLinePeer.ConnectAsync(cluster.ServerEndpoint, cancellationToken);
        AssertNameTaken(await second.CallAsync("simplerpc/hello", HelloParams(name, CallerKey), cancellationToken), name, "is taken");
        using var innocent = await JsonLinePeer.HelloAsync(cluster.ServerEndpoint, "innocent", CallerKey, cancellationToken);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Hello_WrongKeysPastMaxFailedHellosPerMinute_AddressRefusedEvenWithAValidKeyOthersServedOneLogLinePerBurst(CancellationToken cancellationToken)
    {
        const int limit = 3;
        await using var cluster = await Cluster.StartAsync(conf => conf["maxFailedHellosPerMinute"] = limit);
        var mark = cluster.Server.LineCount;
        for (var i = 0; i < limit; i++)
        {
            using var guesser = await JsonLinePeer.ConnectAsync(cluster.ServerEndpoint, cancellationToken);
            WireAssert.Error(await guesser.CallAsync("simplerpc/hello", HelloParams("guesser", "wrong-key-number-" + i), cancellationToken), -32005, Unauthorized);
            await guesser.AssertClosedAsync(cancellationToken);
        }

        // Past the limit the key is not even looked at: a right guess looks like a wrong one.
        foreach (var key in new[] { PublisherKey, "wrong-key-number-9", CallerKey })
        {
            using var refused = await JsonLinePeer.ConnectAsync(cluster.ServerEndpoint, cancellationToken);
            var error = WireAssert.Error(await refused.CallAsync("simplerpc/hello", HelloParams(UniqueName("refused-"), key), cancellationToken), -32005, $"Too many failed hellos from this address (maxFailedHellosPerMinute is {limit}); try again in ");
            Assert.That(error["message"]?.ToString(), Does.EndWith(" s. This connection is closed."));
            await refused.AssertClosedAsync(cancellationToken);
        }

        // Another address is not affected (127.0.0.2 is loopback too).
        using var other = await JsonLinePeer.ConnectFromAsync(System.Net.IPAddress.Parse("127.0.0.2"), cluster.ServerEndpoint, cancellationToken);
        Assert.That(WireAssert.Result(await other.CallAsync("simplerpc/hello", HelloParams("elsewhere", CallerKey), cancellationToken))["name"]?.ToString(), Is.EqualTo("elsewhere"));

        // Its connect line comes after every line of the burst: one for the first failure, one for the block.
        await cluster.Server.WaitForLineAsync("Client elsewhere connected from 127.0.0.2:", Cluster.StepTimeout, mark);
        var burst = cluster.Server.Lines.Skip(mark).Where(line => line.Contains("127.0.0.1", StringComparison.Ordinal) && line.Contains(" WRN]", StringComparison.Ordinal)).ToList();
        Assert.That(burst, Has.Count.EqualTo(2), string.Join("\n", burst));
        Assert.That(burst[0], Does.Match(@"Refused 127\.0\.0\.1:\d+: no valid key"));
        Assert.That(burst[1], Does.Contain($"Refusing every hello from 127.0.0.1 for 60 s: {limit} hellos without a valid key within a minute (maxFailedHellosPerMinute)"));
    }
}
