using SimpleRpc.Protocol.Messages;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Tests.Dispatch;

[TestFixture]
public sealed class RecentCallersTests
{
    private const long Hour = 3_600_000;

    [Test, CancelAfter(10_000)]
    public void Record_NameAndSignatureIds_CountedPerFunctionAndClientMostFirst()
    {
        var callers = new RecentCallers(() => 0);

        callers.Record("z.Add", "alpha");
        callers.Record("z.Add(int,int)", "beta");
        callers.Record("z.Add(long,long)", "beta");
        callers.Record("z.Greet", "alpha");

        Assert.That(callers.Callers("z", "Add"), Is.EqualTo(new[] { new ClientCallCount("beta", 2), new ClientCallCount("alpha", 1) }));
        Assert.That(callers.Callers("z", "Greet"), Is.EqualTo(new[] { new ClientCallCount("alpha", 1) }));
        Assert.That(callers.Callers("z", "Nothing"), Is.Empty);
    }

    [Test, CancelAfter(10_000)]
    public void Callers_CallsOlderThanTheWindow_NotCounted()
    {
        var now = 0L;
        var callers = new RecentCallers(() => now);
        callers.Record("z.Add", "alpha");
        now = 10 * Hour;
        callers.Record("z.Add", "alpha");
        callers.Record("z.Add", "beta");

        now = (RecentCallers.WindowHours + 5) * Hour;

        Assert.That(callers.Callers("z", "Add"), Is.EqualTo(new[] { new ClientCallCount("alpha", 1), new ClientCallCount("beta", 1) }));
        now = (RecentCallers.WindowHours + 10) * Hour;
        Assert.That(callers.Callers("z", "Add"), Is.Empty);
    }

    [Test, CancelAfter(10_000)]
    public void Record_MoreClientsThanTheBound_ExtraNotTrackedUntilOthersAgeOut()
    {
        var now = 0L;
        var callers = new RecentCallers(() => now);
        for (var i = 0; i <= RecentCallers.MaxClientsPerFunction; i++)
        {
            callers.Record("z.Add", "c" + i);
        }

        Assert.That(callers.Callers("z", "Add"), Has.Count.EqualTo(RecentCallers.MaxClientsPerFunction));
        now = RecentCallers.WindowHours * Hour;
        callers.Record("z.Add", "late");
        Assert.That(callers.Callers("z", "Add"), Is.EqualTo(new[] { new ClientCallCount("late", 1) }));
    }

    [Test, CancelAfter(10_000)]
    public void Record_MoreFunctionsThanTheBound_ExtraNotTracked()
    {
        var callers = new RecentCallers(() => 0);
        for (var i = 0; i <= RecentCallers.MaxFunctions; i++)
        {
            callers.Record("m.F" + i, "alpha");
        }

        Assert.That(callers.Callers("m", "F0"), Has.Count.EqualTo(1));
        Assert.That(callers.Callers("m", "F" + RecentCallers.MaxFunctions), Is.Empty);
    }
}
