using SimpleRpc.ClientStub.Link;

namespace SimpleRpc.ClientStub.Tests.Link;

[TestFixture]
public class ReconnectBackoffTests
{
    // A server that restarts listens again within seconds: for the first attempts the step stays
    // at most 500 ms (+20% jitter), so the stub is back within one short step of it.
    [Test]
    public void ForReconnect_FirstTwentyAttempts_StepAtMostHalfASecond()
    {
        var backoff = ReconnectBackoff.ForReconnect();
        var steps = Enumerable.Range(0, 20).Select(_ => backoff.Next()).ToList();

        Assert.That(steps, Has.All.LessThanOrEqualTo(TimeSpan.FromMilliseconds(600)));
        Assert.That(steps[0], Is.InRange(TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(120)));
        Assert.That(steps.Skip(3), Has.All.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400)), "doubling up to the early cap");
    }

    [Test]
    public void ForReconnect_AfterTheEarlyAttempts_DoublesOnToFiveSeconds()
    {
        var backoff = ReconnectBackoff.ForReconnect();
        for (var i = 0; i < 20; i++)
        {
            backoff.Next();
        }

        Assert.That(backoff.Next(), Is.InRange(TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1200)), "one doubling past the early cap, not a jump to the maximum");
        var later = Enumerable.Range(0, 10).Select(_ => backoff.Next()).ToList()[^1];
        Assert.That(later, Is.InRange(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6)));
    }
}
