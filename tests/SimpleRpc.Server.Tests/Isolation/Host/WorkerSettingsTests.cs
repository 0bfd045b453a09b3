using SimpleRpc.Server.Isolation.Host;

namespace SimpleRpc.Server.Tests.Isolation.Host;

[TestFixture]
[CancelAfter(10_000)]
public class WorkerSettingsTests
{
    [TestCase("process", true)]
    [TestCase("Process", true)]
    [TestCase("inProcess", false)]
    [TestCase("INPROCESS", false)]
    public void UsesWorkers_KnownValue_Parsed(string isolation, bool expected) =>
        Assert.That(WorkerSettings.UsesWorkers(new ServerOptions { Isolation = isolation }), Is.EqualTo(expected));

    [TestCase("sandbox")]
    [TestCase("")]
    public void UsesWorkers_UnknownValue_ThrowsNamingTheKey(string isolation) =>
        Assert.That(() => WorkerSettings.UsesWorkers(new ServerOptions { Isolation = isolation }), Throws.ArgumentException.With.Message.Contains("isolation is '" + isolation + "'"));

    [Test]
    public void UsesWorkers_Default_IsProcess() => Assert.That(WorkerSettings.UsesWorkers(new ServerOptions()), Is.True);

    [Test]
    public void From_Defaults_MatchTheDocumentedOnes()
    {
        var settings = WorkerSettings.From(new ServerOptions());
        Assert.That(settings, Is.EqualTo(new WorkerSettings(512, 3, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), "Information", TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(30), 256) { ReadSpin = TimeSpan.FromMicroseconds(50) }));
    }

    [TestCase("process", null, 50)]
    [TestCase("inProcess", null, 0)]
    [TestCase("process", 0, 0)]
    [TestCase("inProcess", 200, 200)]
    [TestCase("process", SimpleRpc.Rpc.JsonRpcConnectionOptions.MaxReadSpinMicroseconds, SimpleRpc.Rpc.JsonRpcConnectionOptions.MaxReadSpinMicroseconds)]
    public void ReadSpinOf_IsolationAndConf_SpinsWhereTheConfOrTheIsolationSays(string isolation, int? configured, int expected) =>
        Assert.That(WorkerSettings.ReadSpinOf(new ServerOptions { Isolation = isolation, ReadSpinMicroseconds = configured }), Is.EqualTo(TimeSpan.FromMicroseconds(expected)));

    [TestCase(-1)]
    [TestCase(SimpleRpc.Rpc.JsonRpcConnectionOptions.MaxReadSpinMicroseconds + 1)]
    public void ReadSpinOf_OutOfRange_ThrowsNamingTheKey(int configured) =>
        Assert.That(
            () => WorkerSettings.ReadSpinOf(new ServerOptions { ReadSpinMicroseconds = configured }),
            Throws.ArgumentException.With.Message.StartsWith($"readSpinMicroseconds is {configured}; use 0 (no spin) to {SimpleRpc.Rpc.JsonRpcConnectionOptions.MaxReadSpinMicroseconds}."));

    [TestCase(31, 3, 60, 30, "workerMemoryLimitMB is 31")]
    [TestCase(512, 0, 60, 30, "workerMaxCrashes")]
    [TestCase(512, 3, 0, 30, "workerCrashWindowSeconds")]
    [TestCase(512, 3, 60, 0, "workerStartTimeoutSeconds")]
    public void From_LimitOutOfRange_Throws(int memory, int crashes, int window, int start, string fragment) =>
        Assert.That(
            () => WorkerSettings.From(new ServerOptions { WorkerMemoryLimitMB = memory, WorkerMaxCrashes = crashes, WorkerCrashWindowSeconds = window, WorkerStartTimeoutSeconds = start }),
            Throws.ArgumentException.With.Message.Contains(fragment));

    [TestCase("module", false, "z")]
    [TestCase("Publisher", true, "publisher:alpha")]
    public void From_WorkerSharing_MapsModulesToWorkers(string sharing, bool shared, string key)
    {
        var settings = WorkerSettings.From(new ServerOptions { WorkerSharing = sharing });
        Assert.That(settings.SharePerPublisher, Is.EqualTo(shared));
        Assert.That(settings.WorkerKeyOf("z", "alpha"), Is.EqualTo(key));
    }

    [TestCase("host", 1, 2, "workerSharing is 'host'")]
    [TestCase("module", 9, 2, "workerSpares is 9")]
    [TestCase("module", -1, 2, "workerSpares is -1")]
    [TestCase("module", 1, -0.5, "workerIdleCpuSeconds is -0.5")]
    public void From_SharingSparesOrCpuOutOfRange_ThrowsNamingTheKey(string sharing, int spares, double cpu, string fragment) =>
        Assert.That(
            () => WorkerSettings.From(new ServerOptions { WorkerSharing = sharing, WorkerSpares = spares, WorkerIdleCpuSeconds = cpu }),
            Throws.ArgumentException.With.Message.Contains(fragment));

    [Test]
    public void From_NegativeIdle_Throws() =>
        Assert.That(() => WorkerSettings.From(new ServerOptions { WorkerIdleSeconds = -1 }), Throws.ArgumentException.With.Message.Contains("workerIdleSeconds is -1"));

    [Test]
    public void WorkerCommand_HostedByAnotherProgram_RunsTheServerDllWithDotnetExec()
    {
        // The test host is not the server's executable: the worker must be the server's own dll.
        var (fileName, arguments) = WorkerSettings.WorkerCommand();
        Assert.That(Path.GetFileNameWithoutExtension(fileName), Is.EqualTo("dotnet"));
        Assert.That(arguments, Is.EqualTo(new[] { "exec", typeof(Server.Isolation.Worker.WorkerProgram).Assembly.Location, "--worker" }));
        Assert.That(File.Exists(arguments[1]), Is.True);
    }
}
