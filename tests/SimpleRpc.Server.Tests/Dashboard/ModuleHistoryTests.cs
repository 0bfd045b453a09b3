using SimpleRpc.Server.Dashboard;
using SimpleRpc.Server.Tests.Support;

namespace SimpleRpc.Server.Tests.Dashboard;

/// <summary>The modules page's version history over a real registry and compiler, kept on a real disk.</summary>
public class ModuleHistoryTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("simplerpc-history-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    [CancelAfter(120_000)]
    public async Task Versions_AfterARestart_KeptWithPublisherTimeAndSource(CancellationToken cancellationToken)
    {
        var (v1, v2) = (ModuleZ(), ModuleZ() + "\n// v2\n");
        var first = new ModuleHost();
        using (var history = new ModuleHistory(first.Registry, Store()))
        {
            await RegisterAsync(first, v1, "alice", cancellationToken);
            await RegisterAsync(first, v2, "bob", cancellationToken);
        }

        var before = first.Registry.Find("z")!.Info;
        Assert.That(Directory.EnumerateFiles(Path.Combine(_root, "z"), "*.tmp"), Is.Empty, "no temporary file is left");

        // A new process: an empty registry, the history read back from disk.
        using var restarted = new ModuleHistory(new ModuleHost().Registry, Store());
        var versions = restarted.Versions("z");
        Assert.That(versions.Select(v => (v.Version, v.PublishedBy)), Is.EqualTo(new[] { (2, "bob"), (1, "alice") }));
        Assert.Multiple(() =>
        {
            Assert.That(versions[0].PublishedAt, Is.EqualTo(before.RegisteredAt));
            Assert.That(versions[0].Checksum, Is.EqualTo(before.Checksum));
            Assert.That(versions[0].Source, Is.EqualTo(v2));
            Assert.That(versions[1].Source, Is.EqualTo(v1));
            Assert.That(versions[0].Proxy, Does.Contain("partial class"));
            Assert.That(versions[1].ServingSince, Is.LessThanOrEqualTo(versions[0].ServingSince));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Add_NumberingStartsAgain_EarlierLifeDropped(CancellationToken cancellationToken)
    {
        var first = new ModuleHost();
        using (var history = new ModuleHistory(first.Registry, Store()))
        {
            await RegisterAsync(first, ModuleZ(), "alice", cancellationToken);
            await RegisterAsync(first, ModuleZ() + "\n// v2\n", "bob", cancellationToken);
        }

        // Unregistered, then a restart: the registry numbers z from 1 again.
        var second = new ModuleHost();
        using (var history = new ModuleHistory(second.Registry, Store()))
        {
            await RegisterAsync(second, ModuleZ() + "\n// again\n", "carol", cancellationToken);
            Assert.That(history.Versions("z").Select(v => (v.Version, v.PublishedBy)), Is.EqualTo(new[] { (1, "carol") }));
        }

        using var third = new ModuleHistory(new ModuleHost().Registry, Store());
        Assert.That(third.Versions("z").Select(v => (v.Version, v.PublishedBy)), Is.EqualTo(new[] { (1, "carol") }));
        Assert.That(Directory.EnumerateFiles(Path.Combine(_root, "z")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "versions.json", "v1.cs", "v1.proxy.cs" }), "v2's files went with it");
    }

    [Test]
    [CancelAfter(10_000)]
    public void LoadAll_TornOrBrokenFiles_SkippedAndLeftoversRemoved()
    {
        var (log, sink) = CollectingSink.CreateLogger();
        Directory.CreateDirectory(Path.Combine(_root, "z"));
        File.WriteAllText(Path.Combine(_root, "z", "versions.json"), """[{"version":1,"checksum":"ab","publishedBy":"alice","publishedAt":"2026-12-07T05:00:00+00:00","servingSince":"2026-12-07T05:00:01+00:00"}]""");
        File.WriteAllText(Path.Combine(_root, "z", "versions.json.tmp"), """[{"version":1,"chec""");
        Directory.CreateDirectory(Path.Combine(_root, "y"));
        File.WriteAllText(Path.Combine(_root, "y", "versions.json"), """[{"version":1,"checksum":null}]""");

        var loaded = new ModuleHistoryStore(_root, log).LoadAll();

        Assert.That(loaded.Keys, Is.EqualTo(new[] { "z" }));
        Assert.That(loaded["z"].Single().PublishedBy, Is.EqualTo("alice"));
        Assert.That(loaded["z"].Single().Source, Is.Empty, "a source file that is not there reads as empty");
        Assert.That(File.Exists(Path.Combine(_root, "z", "versions.json.tmp")), Is.False);
        Assert.That(sink.Events.Select(e => e.RenderMessage()), Has.Some.Contains("Skipped the version history of \"y\""));
    }

    private ModuleHistoryStore Store() => new(_root, CollectingSink.CreateLogger().Log);

    private static string ModuleZ() => File.ReadAllText(Repository.PathOf("Modules/z.cs"));

    private static async Task RegisterAsync(ModuleHost host, string source, string publisher, CancellationToken cancellationToken)
    {
        var checksum = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)));
        var outcome = await host.Registry.RegisterAsync("z", source, checksum, publisher, cancellationToken);
        Assert.That(outcome.Success, Is.True, string.Join("\n", outcome.Diagnostics));
    }
}
