using SimpleRpc.Server.Sessions;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Sessions;

[TestFixture, CancelAfter(10_000)]
public sealed class FailedHelloLimiterTests
{
    [Test]
    public void RecordFailure_UpToTheLimit_FirstAndLimitFlaggedThenAddressBlocked()
    {
        var limiter = new FailedHelloLimiter(3, new ManualTimeProvider());

        Assert.That(limiter.IsBlocked("10.0.0.1", out _), Is.False);
        Assert.That(
            new[] { limiter.RecordFailure("10.0.0.1"), limiter.RecordFailure("10.0.0.1"), limiter.RecordFailure("10.0.0.1") },
            Is.EqualTo(new[] { new HelloFailure(true, false, 1), new HelloFailure(false, false, 2), new HelloFailure(false, true, 3) }));
        Assert.That(limiter.IsBlocked("10.0.0.1", out var retryAfter), Is.True);
        Assert.That(retryAfter, Is.EqualTo(FailedHelloLimiter.Window));
        Assert.That(limiter.IsBlocked("10.0.0.2", out _), Is.False, "another address is not affected");
    }

    [Test]
    public void IsBlocked_WindowOver_AddressMayTryAgainAndCountsAfresh()
    {
        var clock = new ManualTimeProvider();
        var limiter = new FailedHelloLimiter(2, clock);
        limiter.RecordFailure("10.0.0.1");
        clock.Advance(TimeSpan.FromSeconds(20));
        limiter.RecordFailure("10.0.0.1");

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(limiter.IsBlocked("10.0.0.1", out var retryAfter), Is.True);
        Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(10)), "the window runs from the first failure");
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.That(limiter.IsBlocked("10.0.0.1", out _), Is.False);
        Assert.That(limiter.RecordFailure("10.0.0.1"), Is.EqualTo(new HelloFailure(true, false, 1)));
    }

    [Test]
    public void IsBlocked_LimitZero_NeverBlocks()
    {
        var limiter = new FailedHelloLimiter(0, new ManualTimeProvider());
        for (var i = 0; i < 1000; i++)
        {
            limiter.RecordFailure("10.0.0.1");
        }

        Assert.That(limiter.IsBlocked("10.0.0.1", out _), Is.False);
    }

    [TestCase("127.0.0.1:50123", "127.0.0.1")]
    [TestCase("[::1]:50123", "::1")]
    [TestCase("[::ffff:10.1.2.3]:443", "10.1.2.3")]
    [TestCase("?", "?")]
    public void AddressOf_Peer_AddressWithoutPort(string peer, string address)
    {
        Assert.That(FailedHelloLimiter.AddressOf(peer), Is.EqualTo(address));
    }
}
