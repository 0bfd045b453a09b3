using Microsoft.Extensions.Logging.Abstractions;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Dashboard;
using SimpleRpc.Server.Sessions;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Dashboard;

public class StubCallRatesTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Test]
    [CancelAfter(10_000)]
    public void Read_AcrossAnHourBoundary_KeepsTheRate()
    {
        var clock = new ManualTimeProvider();
        var rates = new StubCallRates(clock);
        var alpha = Session("alpha");

        // A day of calls, read every second from 2.5 s before each hour's end to 1.5 s after it.
        clock.Advance(TimeSpan.FromSeconds(1.5));
        for (var hour = 0; hour < 26; hour++)
        {
            clock.Advance(Hour - TimeSpan.FromSeconds(4));
            Calls(alpha, 10);
            rates.Read([alpha]);
            for (var second = 0; second < 4; second++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                Calls(alpha, 5);
                Assert.That(rates.Read([alpha])[alpha.SessionId], Is.EqualTo(5.0), $"hour {hour}, second {second}");
            }
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public void Read_TwoReadingsWithinHalfASecond_BothShowTheLastRate()
    {
        var clock = new ManualTimeProvider();
        var rates = new StubCallRates(clock);
        var alpha = Session("alpha");
        var beta = Session("beta");
        Assert.That(rates.Read([alpha, beta]).Values, Is.All.Zero, "a first reading has nothing to compare with");

        Calls(alpha, 8);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(rates.Read([alpha, beta]), Is.EquivalentTo(new Dictionary<string, double> { [alpha.SessionId] = 4.0, [beta.SessionId] = 0 }));

        Calls(alpha, 100);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.That(rates.Read([alpha])[alpha.SessionId], Is.EqualTo(4.0), "a second page in the same second");
        clock.Advance(TimeSpan.FromMilliseconds(800));
        Assert.That(rates.Read([alpha])[alpha.SessionId], Is.EqualTo(100.0));
    }

    private static ClientSession Session(string name) =>
        new(new JsonRpcConnection(new MemoryStream(), new JsonRpcConnectionOptions(), NullLogger.Instance, name)) { Name = name };

    private static void Calls(ClientSession session, int count)
    {
        for (var i = 0; i < count; i++)
        {
            session.BeginCall(RpcId.From(i), 8, "z.Add").Dispose();
        }
    }
}
