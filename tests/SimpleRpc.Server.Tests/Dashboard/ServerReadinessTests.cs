using SimpleRpc.Server.Dashboard;

namespace SimpleRpc.Server.Tests.Dashboard;

[TestFixture]
public sealed class ServerReadinessTests
{
    [Test]
    public void NotReady_Fresh_NamesEveryPart()
    {
        var readiness = new ServerReadiness();
        Assert.That(readiness.NotReady(), Has.Count.EqualTo(3));
        Assert.That(readiness.IsReady, Is.False);
    }

    [Test]
    public void IsReady_AllPartsDone_TrueUntilStopping()
    {
        var readiness = new ServerReadiness();
        readiness.StoreLoaded();
        readiness.Accepting();
        Assert.That(readiness.NotReady(), Is.EqualTo(new[] { "the compiler is still warming up" }));
        readiness.CompilerWarmed();
        Assert.That(readiness.IsReady, Is.True);
        readiness.Stopping();
        Assert.That(readiness.NotReady(), Is.EqualTo(new[] { "the server is stopping" }));
    }

    [TestCase(-1)]
    [TestCase(65536)]
    public void Validate_PortOutOfRange_Throws(int port) =>
        Assert.That(() => new DashboardOptions { Port = port }.Validate(), Throws.TypeOf<SimpleRpc.Hosting.Configuration.ConfException>());
}
