using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests;

/// <summary>Any JSON-RPC 2.0 client that can write a line to a socket can call a module through a stub.</summary>
[TestFixture]
[NonParallelizable]
public class AnyLanguageClientTests : ModuleZFixture
{

    [Test]
    [CancelAfter(60_000)]
    public async Task Python_StandardLibraryClient_CallsModuleThroughStub(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Support", "plain_client.py"));
        info.ArgumentList.Add(Stub.AppEndpoint);
        using var python = Process.Start(info)!;
        var output = await python.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = await python.StandardError.ReadToEndAsync(cancellationToken);
        await python.WaitForExitAsync(cancellationToken);
        Assert.That(python.ExitCode, Is.Zero, errors);

        var replies = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(JObject.Parse).ToList();
        Assert.That(replies, Has.Count.EqualTo(6));
        Assert.Multiple(() =>
        {
            Assert.That((int)replies[0]["id"]!, Is.EqualTo(1));
            Assert.That((int)replies[0]["result"]!, Is.EqualTo(3));
            Assert.That((string)replies[1]["id"]!, Is.EqualTo("two"));
            Assert.That((string)replies[1]["result"]!, Is.EqualTo("Hello, python!"));
            Assert.That(replies[2]["result"]!.Values<int>(), Is.EqualTo(new[] { 1, 4, 9, 16 }));
            Assert.That((int)replies[3]["error"]!["code"]!, Is.EqualTo(-32000));
            Assert.That((string)replies[3]["error"]!["data"]!["type"]!, Is.EqualTo("System.DivideByZeroException"));
            Assert.That((string)replies[3]["error"]!["data"]!["stackTrace"]!, Does.Contain("z.cs:line"));
            Assert.That((int)replies[4]["error"]!["code"]!, Is.EqualTo(-32601));
            Assert.That((int)replies[5]["error"]!["code"]!, Is.EqualTo(-32602));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RawSocket_OneLineOfJson_GetsOneLineReply(CancellationToken cancellationToken)
    {
        var colon = Stub.AppEndpoint.LastIndexOf(':');
        using var client = new TcpClient();
        await client.ConnectAsync(Stub.AppEndpoint[..colon], int.Parse(Stub.AppEndpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"z.Add\",\"params\":[40,2]}\n"), cancellationToken);
        await stream.WriteAsync(Encoding.UTF8.GetBytes("this is not json\n"), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // Replies may come in any order (JSON-RPC matches them by id): the parse error is answered
        // by the stub at once, the call after a round trip to the server.
        var replies = new[] { await reader.ReadLineAsync(cancellationToken), await reader.ReadLineAsync(cancellationToken) };
        Assert.That(replies, Does.Contain("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":42}"));
        var parseError = JObject.Parse(replies.Single(r => r!.Contains("error", StringComparison.Ordinal))!);
        Assert.That((int)parseError["error"]!["code"]!, Is.EqualTo(-32700));
        Assert.That(parseError["id"]!.Type, Is.EqualTo(JTokenType.Null));
    }
}
