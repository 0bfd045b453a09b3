using System.Text;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Adversarial;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>
/// What docs/security.md and docs/configuration.md promise, through the real programs: the open
/// server's warning, keys kept out of logs, and a non-default maxFrameBytes in both programs.
/// </summary>
[TestFixture]
[NonParallelizable]
public class DocPromiseTests
{
    private static readonly string ModuleZ = Path.Combine(Cluster.RepoRoot, "Modules", "z.cs");

    [Test]
    [CancelAfter(90_000)]
    public async Task OpenServer_NoKeys_WarnsAtStart(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync(conf =>
        {
            conf.Remove("keys");
            conf["insecure"] = true;
        });
        // It names the endpoint the server listens on, the OS-chosen port included (not the conf's 0).
        await cluster.Server.WaitForLineAsync(@"WRN\] No keys are configured: any client that can reach " + System.Text.RegularExpressions.Regex.Escape(cluster.ServerEndpoint) + " may register modules, that is run code on this machine", Cluster.StepTimeout);
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Keys_UsedRightAndWrong_NeverInAnyLogLine(CancellationToken cancellationToken)
    {
        await using var cluster = await Cluster.StartAsync(conf => conf["logLevel"] = "Debug");
        var alpha = await cluster.StartStubAsync("alpha", extraArgs: ["--log-level", "Debug"]);
        Assert.That(await alpha.RegisterAsync(ModuleZ), Does.StartWith("Registered z v1"));
        const string WrongKey = "wrong-key-never-to-be-logged-42";
        using (var guesser = await JsonLinePeer.ConnectAsync(cluster.ServerEndpoint, cancellationToken))
        {
            WireAssert.Error(await guesser.CallAsync("simplerpc/hello", new JObject { ["name"] = "guesser", ["version"] = 1, ["key"] = WrongKey }, cancellationToken), -32005, "");
        }

        using (var caller = await JsonLinePeer.HelloAsync(cluster.ServerEndpoint, "caller", "dev-caller-key-00001", cancellationToken))
        {
            Assert.That((int)WireAssert.Result(await caller.CallAsync("z.Add", new JArray(1, 2), cancellationToken)), Is.EqualTo(3));
        }

        await cluster.Server.WaitForLineAsync("Client caller disconnected", Cluster.StepTimeout);
        string[] keys = ["dev-publisher-key-0001", "dev-caller-key-00001", "dev-admin-key-000001", WrongKey];
        foreach (var line in cluster.Server.Lines.Concat(alpha.Process.Lines))
        {
            Assert.That(keys.Where(k => line.Contains(k, StringComparison.Ordinal)), Is.Empty, "a key in a log line: " + line);
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task MaxFrameBytes_NonDefault_BothProgramsKeepIt_DiscoverOverStubLimitAnswers32020(CancellationToken cancellationToken)
    {
        const int ServerLimit = 100_000;
        const int StubLimit = 3_000;
        await using var cluster = await Cluster.StartAsync(conf => conf["maxFrameBytes"] = ServerLimit);
        var stubConf = JObject.Parse(await File.ReadAllTextAsync(Path.Combine(Cluster.RepoRoot, "conf", "default.json"), cancellationToken));
        stubConf["maxFrameBytes"] = StubLimit;
        stubConf["chunkBytes"] = 1024;
        var stubConfPath = Path.Combine(cluster.WorkDir, "stub-small-frames.json");
        await File.WriteAllTextAsync(stubConfPath, stubConf.ToString(), cancellationToken);
        var alpha = await cluster.StartStubAsync("alpha", extraArgs: ["-c", stubConfPath]);
        Assert.That(await alpha.RegisterAsync(ModuleZ), Does.StartWith("Registered z v1"));

        using (var peer = await JsonLinePeer.ConnectAsync(cluster.ServerEndpoint, cancellationToken))
        {
            await SendPastLimitAsync(peer, Padded(ServerLimit + 1), cancellationToken);
            WireAssert.Error(await peer.NextReplyAsync(cancellationToken), JValue.CreateNull(), -32020, $"A message is longer than the frame limit of {ServerLimit} bytes (maxFrameBytes).");
        }

        using var app = await JsonLinePeer.ConnectAsync(alpha.AppEndpoint, cancellationToken);
        WireAssert.Error(await app.CallAsync("rpc.discover", null, cancellationToken), -32020, $"larger than the frame limit of {StubLimit} bytes (maxFrameBytes)");
        Assert.That((int)WireAssert.Result(await app.CallAsync("z.Add", new JArray(20, 22), cancellationToken)), Is.EqualTo(42), "the app's link survives the refused reply");
        await SendPastLimitAsync(app, Padded(StubLimit + 1), cancellationToken);
        WireAssert.Error(await app.NextReplyAsync(cancellationToken), JValue.CreateNull(), -32020, $"A message is longer than the frame limit of {StubLimit} bytes (maxFrameBytes).");
    }

    // The receiver stops reading once a line is past its limit, so the write may fail: that is fine.
    private static async Task SendPastLimitAsync(JsonLinePeer peer, string line, CancellationToken cancellationToken)
    {
        try
        {
            await peer.SendAsync(line, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
        }
    }

    // A request line of exactly `bytes` bytes (params padded with a long string).
    private static string Padded(int bytes)
    {
        const string Head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"z.Add\",\"params\":[1,2,\"";
        const string Tail = "\"]}";
        var line = Head + new string('a', bytes - Head.Length - Tail.Length) + Tail;
        Assert.That(Encoding.UTF8.GetByteCount(line), Is.EqualTo(bytes));
        return line;
    }
}
