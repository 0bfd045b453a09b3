using SimpleRpc.Server.Isolation.Host;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Isolation.Host;

[TestFixture]
[CancelAfter(10_000)]
public class CrashLoopTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(30);
    private ManualTimeProvider _time = null!;
    private CrashLoop _loop = null!;

    [SetUp]
    public void CreateLoop()
    {
        _time = new ManualTimeProvider();
        _loop = new CrashLoop("hazard", 3, Window, Cooldown, _time);
    }

    [Test]
    public void Crashed_MaxCrashesWithinTheWindow_FailedNamingTheCooldownAndReset()
    {
        Assert.That(_loop.Crashed("one"), Is.Null);
        Assert.That(_loop.Crashed("two"), Is.Null);

        var failure = _loop.Crashed("it crashed with exit code 134");

        Assert.That(failure, Is.EqualTo(_loop.Failure));
        Assert.That(failure, Does.StartWith("Module 'hazard' is failed: its worker process ended abnormally 3 times within 60 s (workerMaxCrashes), the last time because it crashed with exit code 134."));
        Assert.That(failure, Does.EndWith("It is tried again 30 s after it failed (workerFailedCooldownSeconds, doubled each time it fails again); register the module again, or `reset hazard` on the server console, to retry now."));
    }

    [Test]
    public void Crashed_SharedWorker_NamesThePublisherAndItsModulesFailTogether()
    {
        var loop = new CrashLoop("alpha", 1, Window, Cooldown, _time, shared: true);

        Assert.That(loop.Crashed("it crashed with exit code 134"), Is.EqualTo(
            "The modules of publisher 'alpha' are failed (workerSharing: publisher, one worker for them all): their worker process ended abnormally 1 times within 60 s (workerMaxCrashes), the last time because it crashed with exit code 134. They are tried again 30 s after they failed (workerFailedCooldownSeconds, doubled each time they fail again); register one of them again, or `reset <one of them>` on the server console, to retry now."));
    }

    [Test]
    public void Crashed_SpreadWiderThanTheWindow_NotFailed()
    {
        _loop.Crashed("one");
        _loop.Crashed("two");
        _time.Advance(Window + TimeSpan.FromSeconds(1));

        Assert.That(_loop.Crashed("three"), Is.Null);
        Assert.That(_loop.Failure, Is.Null);
    }

    [Test]
    public void TryRetry_BeforeTheCooldown_StaysFailed_AfterIt_RunsAgain()
    {
        FailOnce();

        _time.Advance(Cooldown - TimeSpan.FromSeconds(1));
        Assert.That(_loop.TryRetry(), Is.False);
        Assert.That(_loop.Failure, Is.Not.Null);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_loop.TryRetry(), Is.True);
        Assert.That(_loop.Failure, Is.Null);
        Assert.That(_loop.Crashed("after the retry"), Is.Null, "the retried module starts with no crashes");
    }

    [Test]
    public void Crashed_FailsAgainAfterARetry_CooldownDoubles()
    {
        FailOnce();
        _time.Advance(Cooldown);
        Assert.That(_loop.TryRetry(), Is.True);

        var again = FailOnce();

        Assert.That(again, Does.Contain("It is tried again 60 s after it failed"));
        _time.Advance(Cooldown);
        Assert.That(_loop.TryRetry(), Is.False, "twice the cool-down now");
        _time.Advance(Cooldown);
        Assert.That(_loop.TryRetry(), Is.True);
    }

    [Test]
    public void CooldownOf_ManyFailures_AtMostAnHour() =>
        Assert.That(new[] { 1, 2, 3, 8, 100 }.Select(_loop.CooldownOf), Is.EqualTo(new[] { Cooldown, 2 * Cooldown, 4 * Cooldown, CrashLoop.MaxCooldown, CrashLoop.MaxCooldown }));

    [Test]
    public void Reset_Failed_RunsAtOnceAndTheCooldownStartsOver()
    {
        FailOnce();
        _time.Advance(Cooldown);
        _loop.TryRetry();
        FailOnce();

        Assert.That(_loop.Reset(), Is.True);
        Assert.That(_loop.Failure, Is.Null);
        Assert.That(FailOnce(), Does.Contain("It is tried again 30 s after it failed"), "back to the first cool-down");
    }

    [Test]
    public void Reset_NotFailed_ReturnsFalse() => Assert.That(_loop.Reset(), Is.False);

    private string FailOnce()
    {
        _loop.Crashed("one");
        _loop.Crashed("two");
        return _loop.Crashed("three") ?? throw new AssertionException("not failed after three crashes");
    }
}
