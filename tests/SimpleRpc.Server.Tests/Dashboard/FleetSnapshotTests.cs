using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Dashboard;
using SimpleRpc.Server.Sessions;

namespace SimpleRpc.Server.Tests.Dashboard;

public class FleetSnapshotTests
{
    [Test]
    [CancelAfter(10_000)]
    public void RunningCalls_CallsInTwoSessions_ListsCallerMethodAndStartOfEach()
    {
        using var alphaStream = new MemoryStream();
        using var betaStream = new MemoryStream();
        var alpha = new ClientSession(new JsonRpcConnection(alphaStream, new JsonRpcConnectionOptions(), NullLogger.Instance, "alpha")) { Name = "alpha" };
        var beta = new ClientSession(new JsonRpcConnection(betaStream, new JsonRpcConnectionOptions(), NullLogger.Instance, "beta")) { Name = "beta" };
        var before = DateTimeOffset.UtcNow;

        using var slow = alpha.BeginCall(RpcId.From(7), 8, "z.SlowAdd");
        using var add = beta.BeginCall(RpcId.From("call-1"), 8, "z.Add(System.Int32,System.Int32)");
        var finished = alpha.BeginCall(RpcId.From(8), 8, "z.Negate");
        finished.Dispose();
        using var console = alpha.ClaimId(RpcId.From(9));

        var calls = FleetSnapshot.RunningCalls([alpha, beta]);

        Assert.That(calls.Select(c => (c.Caller, c.Id, c.Method)), Is.EquivalentTo(new[] { ("alpha", "7", "z.SlowAdd"), ("beta", "call-1", "z.Add") }), "a finished call and a console request are not listed");
        Assert.Multiple(() =>
        {
            Assert.That(calls.Single(c => c.Caller == "alpha").SessionId, Is.EqualTo(alpha.SessionId));
            Assert.That(calls.Select(c => c.StartedAt), Has.All.InRange(before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
            Assert.That(calls.Select(c => c.ElapsedMs), Has.All.GreaterThanOrEqualTo(0));
        });
    }
}
