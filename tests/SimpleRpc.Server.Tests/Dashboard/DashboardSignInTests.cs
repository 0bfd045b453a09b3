using System.Net;
using Microsoft.AspNetCore.Http;
using SimpleRpc.Protocol;
using SimpleRpc.Server.Dashboard;
using SimpleRpc.Server.Sessions;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Dashboard;

public class DashboardSignInTests
{
    private const string AdminKey = "test-admin-key-000001";
    private const string CallKey = "test-caller-key-00001";
    private static readonly IPAddress Guesser = IPAddress.Parse("192.0.2.7");
    private static readonly IPAddress Other = IPAddress.Parse("192.0.2.8");

    [Test]
    [CancelAfter(10_000)]
    public void SignIn_PastTheLimitOfFailures_RefusedWith429UntilTheMinuteEndsAndLoggedOnce()
    {
        var clock = new ManualTimeProvider();
        var (log, sink) = CollectingSink.CreateLogger();
        var signIn = new DashboardSignIn(Keys(), maxFailedPerMinute: 3, log, clock);

        var results = Enumerable.Range(0, 3).Select(i => signIn.SignIn(i == 1 ? CallKey : "wrong-key-" + i, Guesser)).ToList();
        Assert.That(results.Select(r => (r.Status, r.FirstFailure)), Is.EqualTo(new[] { (401, true), (403, false), (401, false) }));

        clock.Advance(TimeSpan.FromSeconds(20));
        var blocked = signIn.SignIn(AdminKey, Guesser);
        Assert.That((blocked.Status, blocked.Token), Is.EqualTo((429, (string?)null)), "the right key is refused too: a guess cannot be told apart");
        Assert.That(blocked.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(40)));
        Assert.That(signIn.Identify(Request(AdminKey, Guesser)).Status, Is.EqualTo(429), "a key in the header counts the same");
        Assert.That(signIn.SignIn(AdminKey, Other).Status, Is.EqualTo(200), "another address is not affected");
        for (var i = 0; i < 20; i++)
        {
            signIn.SignIn("wrong-key-x", Guesser);
        }

        Assert.That(sink.Events.Select(e => e.RenderMessage()).Count(m => m.Contains("Dashboard sign-ins from", StringComparison.Ordinal)), Is.EqualTo(1), "one line per burst");
        Assert.That(sink.Events.Single().RenderMessage(), Does.Contain("\"192.0.2.7\"").And.Contain("dashboard.maxFailedSignInsPerMinute"));

        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.That(signIn.SignIn(AdminKey, Guesser).Status, Is.EqualTo(200), "the minute is over");
    }

    [Test]
    [CancelAfter(10_000)]
    public void Identify_WrongKeysInTheHeader_CountTowardsTheLimit()
    {
        var signIn = new DashboardSignIn(Keys(), maxFailedPerMinute: 2, time: new ManualTimeProvider());
        Assert.That(signIn.Identify(Request("wrong-key-000000001", Guesser)).Status, Is.EqualTo(401));
        Assert.That(signIn.Identify(Request(CallKey, Guesser)).Status, Is.EqualTo(403));
        Assert.That(signIn.SignIn(AdminKey, Guesser).Status, Is.EqualTo(429));
    }

    [Test]
    [CancelAfter(10_000)]
    public void SignIn_LimitZero_NeverBlocks()
    {
        var signIn = new DashboardSignIn(Keys(), maxFailedPerMinute: 0, time: new ManualTimeProvider());
        for (var i = 0; i < 50; i++)
        {
            Assert.That(signIn.SignIn("wrong-key-" + i, Guesser).Status, Is.EqualTo(401));
        }

        Assert.That(signIn.SignIn(AdminKey, Guesser).Status, Is.EqualTo(200));
    }

    private static KeyAuthenticator Keys() => new([new ClientKey { Key = AdminKey, Role = ClientRole.Admin }, new ClientKey { Key = CallKey, Role = ClientRole.Call }]);

    private static HttpRequest Request(string key, IPAddress peer)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = peer;
        context.Request.Headers[DashboardSignIn.KeyHeader] = key;
        return context.Request;
    }
}
