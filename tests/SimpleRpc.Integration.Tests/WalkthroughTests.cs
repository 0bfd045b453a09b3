using SimpleRpc.Integration.Tests.Support;
using SimpleRpc.Walkthrough;

namespace SimpleRpc.Integration.Tests;

/// <summary>The seed's walk-through with real processes, sockets and Roslyn.</summary>
[TestFixture]
[NonParallelizable]
public class WalkthroughTests
{
    [Test]
    [CancelAfter(240_000)]
    public async Task Run_RealProcesses_AppGetsResultsAndExceptions(CancellationToken cancellationToken)
    {
        var workDir = Directory.CreateTempSubdirectory("simplerpc-walk-").FullName;
        try
        {
            var result = await new WalkthroughRunner(new WalkthroughOptions
            {
                RepoRoot = Cluster.RepoRoot,
                WorkDir = workDir,
                BuildApp = false,
                StepTimeout = Cluster.StepTimeout,
                Report = TestContext.Progress.WriteLine,
            }).RunAsync().WaitAsync(cancellationToken);

            Assert.Multiple(() =>
            {
                Assert.That(result.StubNames, Is.EqualTo(new[] { "alpha", "beta", "gamma" }));
                Assert.That(result.DashboardUrls, Has.Count.EqualTo(1).And.All.Match(@"^http://127\.0\.0\.1:\d+/$").And.None.Contain(":5080/"), "an OS-chosen dashboard port, not the conf's");
                Assert.That(result.SuggestedName, Is.EqualTo("alpha-2"), "a taken name is refused with a suggestion");
                Assert.That(result.DeliveredMessage, Is.EqualTo("[message from alpha] hello from the walk-through"));
                Assert.That(result.ProxyFiles, Has.Count.EqualTo(3));
                Assert.That(result.AppExitCode, Is.Zero);
                Assert.That(result.AppOutput, Does.Contain("Z.Add(1, 2) = 3"));
                Assert.That(result.AppOutput, Does.Contain("Z.Greet(\"world\") = \"Hello, world!\""));
                Assert.That(result.AppOutput, Does.Contain("Z.Squares(5) = [1, 4, 9, 16, 25]"));
                Assert.That(result.AppOutput, Does.Contain("await Z.SlowAdd(20, 22, 50) = 42"));
                Assert.That(result.AppOutput, Does.Contain("Z.Divide(1, 0) threw System.DivideByZeroException: b must not be zero"));
                Assert.That(result.AppOutput, Does.Contain("Z.Fail(\"on purpose\") threw System.InvalidOperationException: on purpose"));
            });

            // TestApp's checked-in proxies work like a lock file: they must be what the server emits today.
            var lockFile = await File.ReadAllTextAsync(Path.Combine(Cluster.RepoRoot, "TestApp", "Proxies", "z.cs"), cancellationToken);
            foreach (var file in result.ProxyFiles)
            {
                Assert.That(await File.ReadAllTextAsync(file, cancellationToken), Is.EqualTo(lockFile), file);
            }
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    // 50 s on the 2-core VM at load average 17-24 (Redis, three nodes, two TestApp runs), so it
    // runs in CI with the rest; it was explicit at 80 s, before the stubs started at once and the
    // throwaway stub was killed instead of waited for.
    [Test]
    [CancelAfter(240_000)]
    public async Task Run_ClusterOfThree_NodeKilledAfterTheAppAndCallsRepeatedThroughSurvivors(CancellationToken cancellationToken)
    {
        if (!RedisProcess.IsInstalled)
        {
            Assert.Inconclusive("redis-server is not installed (apt-get install redis-server; .ci/run installs it)");
        }

        var workDir = Directory.CreateTempSubdirectory("simplerpc-walk-cluster-").FullName;
        try
        {
            var result = await new WalkthroughRunner(new WalkthroughOptions
            {
                RepoRoot = Cluster.RepoRoot,
                WorkDir = workDir,
                BuildApp = false,
                ClusterNodes = 3,
                StepTimeout = Cluster.StepTimeout,
                Report = TestContext.Progress.WriteLine,
            }).RunAsync().WaitAsync(cancellationToken);

            Assert.Multiple(() =>
            {
                Assert.That(result.StubNames, Is.EqualTo(new[] { "alpha", "beta", "gamma" }));
                Assert.That(result.DashboardUrls, Has.Count.EqualTo(3).And.Unique.And.All.Match(@"^http://127\.0\.0\.1:\d+/$"), "each node serves its own dashboard");
                Assert.That(result.SuggestedName, Is.EqualTo("alpha-2"), "a name taken on node 1 is refused on node 3");
                Assert.That(result.DeliveredMessage, Is.EqualTo("[message from alpha] hello from the walk-through"));
                Assert.That(result.AppExitCode, Is.Zero);
                Assert.That(result.FailoverMilliseconds, Is.Not.Null);
                Assert.That(result.AppAfterFailoverExitCode, Is.Zero);
            });
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }
}
