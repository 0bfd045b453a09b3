using System.Diagnostics;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Tests.Dispatch;

/// <summary>
/// The gate that lets a proven-fast synchronous function run on its reading thread: a slow call
/// there sends it back to the pool until a new run of fast calls, a long one is also a strike,
/// three strikes close it for good, fast calls forgive, and a call the collector ran in is not counted.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public class InlineGateTests
{
    private static readonly long Slow = InlineGate.FastTicks * 10;
    private static readonly long Long = InlineGate.LongTicks;

    [Test]
    public void Record_FastCalls_OpenAfterAStreak()
    {
        var gate = new InlineGate();
        for (var i = 1; i < InlineGate.Streak; i++)
        {
            gate.Record(0, ranInline: false);
        }

        Assert.That(gate.IsOpen, Is.False);
        gate.Record(0, ranInline: false);
        Assert.That(gate.IsOpen, Is.True);
    }

    [Test]
    public void Record_SlowInlineCalls_BackToThePoolUntilFastAgainNoStrike()
    {
        var gate = Opened();
        for (var i = 0; i < InlineGate.MaxStrikes * 10; i++)
        {
            gate.Record(Slow, ranInline: true);
            Assert.That((gate.IsOpen, gate.IsClosedForGood, gate.Strikes), Is.EqualTo((false, false, 0)));
            Streak(gate, ranInline: false);
        }

        Assert.That(gate.IsOpen, Is.True);
    }

    [Test]
    public void Record_OneLongInlineCall_AStrikeNotForGood()
    {
        var gate = Opened();

        gate.Record(Long, ranInline: true);

        Assert.That((gate.IsOpen, gate.IsClosedForGood, gate.Strikes), Is.EqualTo((false, false, 1)));
        Streak(gate, ranInline: false);
        Assert.That(gate.IsOpen, Is.True);
    }

    [Test]
    public void Record_MaxStrikesLongInlineCalls_ClosedForGood()
    {
        var gate = Opened();
        for (var strike = 1; strike <= InlineGate.MaxStrikes; strike++)
        {
            Assert.That(gate.IsClosedForGood, Is.False, $"before strike {strike}");
            gate.Record(Long, ranInline: true);
            Streak(gate, ranInline: false);
        }

        Assert.That((gate.IsClosedForGood, gate.IsOpen), Is.EqualTo((true, false)));
    }

    [Test]
    public void Record_ForgivenessFastInlineCallsAfterAStrike_ForgiveIt()
    {
        var gate = Opened();
        gate.Record(Long, ranInline: true);
        Streak(gate, ranInline: false);

        for (var i = 1; i < InlineGate.Forgiveness; i++)
        {
            gate.Record(0, ranInline: true);
        }

        Assert.That(gate.Strikes, Is.EqualTo(1));
        gate.Record(0, ranInline: true);
        Assert.That(gate.Strikes, Is.Zero);
    }

    [Test]
    public void Record_SlowCallOnThePool_HalvesTheStreakNoStrike()
    {
        var gate = Opened();

        gate.Record(Slow, ranInline: false);

        Assert.That((gate.IsOpen, gate.Strikes), Is.EqualTo((false, 0)));
    }

    [Test]
    public void TimingElapsed_CollectionDuringTheCall_NotCounted()
    {
        var gate = Opened();
        var timing = gate.EnterInline();

        GC.Collect(0, GCCollectionMode.Forced, blocking: true);

        Assert.That(gate.ExitInline(timing), Is.Null);
        Assert.That((gate.IsOpen, gate.Strikes), Is.EqualTo((true, 0)), "not a strike, however long it took");
    }

    [Test]
    public void TimingElapsed_NoCollection_TheClockTime()
    {
        var wall = Stopwatch.StartNew();
        var timing = InlineGate.Timing.Start();
        Thread.Sleep(2);
        var elapsed = timing.Elapsed();
        var after = wall.ElapsedTicks;

        Assume.That(GC.CollectionCount(0), Is.EqualTo(timing.Collections), "a collection ran meanwhile");
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(InlineGate.FastTicks).And.LessThanOrEqualTo(after));
    }

    private static InlineGate Opened()
    {
        var gate = new InlineGate();
        Streak(gate, ranInline: false);
        Assert.That(gate.IsOpen, Is.True);
        return gate;
    }

    private static void Streak(InlineGate gate, bool ranInline)
    {
        for (var i = 0; i < InlineGate.Streak; i++)
        {
            gate.Record(0, ranInline);
        }
    }
}
