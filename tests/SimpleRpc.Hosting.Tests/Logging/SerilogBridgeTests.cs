using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using SimpleRpc.Hosting.Logging;
using SimpleRpc.Hosting.Net;
using SimpleRpc.Rpc;

namespace SimpleRpc.Hosting.Tests.Logging;

[TestFixture]
[CancelAfter(30_000)]
public sealed class SerilogBridgeTests
{
    [Test]
    public async Task ForExtensions_ConnectionLogsBadLine_ArrivesInSerilogWithTemplateAndProperties(CancellationToken cancellationToken)
    {
        var sink = new CollectingSink();
        using var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        await using var acceptor = new TcpAcceptor("127.0.0.1", 0, new JsonRpcConnectionOptions(), log) { Accepted = _ => { } };
        acceptor.Start();
        using var peer = new TcpClient();
        await peer.ConnectAsync(acceptor.LocalEndpoint, cancellationToken);

        await peer.GetStream().WriteAsync(Encoding.UTF8.GetBytes("this is not json\n"), cancellationToken);

        var bad = await sink.WaitForAsync(e => e.MessageTemplate.Text == "Bad message from {Peer}: {Reason}").WaitAsync(Within.Limit, cancellationToken);
        Assert.That(bad.Level, Is.EqualTo(LogEventLevel.Debug));
        Assert.That(bad.Properties["SourceContext"].ToString(), Is.EqualTo("\"SimpleRpc.Rpc.JsonRpcConnection\""));
        Assert.That(bad.Properties["Peer"].ToString(), Does.Contain("127.0.0.1:"));
        Assert.That(bad.Properties, Does.ContainKey("Reason"));
    }

    [Test]
    public void ForExtensions_SerilogLevels_DecideIsEnabledPerCategory()
    {
        using var log = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("SimpleRpc.Rpc", LogEventLevel.Debug)
            .CreateLogger();

        var connection = log.ForExtensions<JsonRpcConnection>();
        var other = log.ForExtensions("SimpleRpc.Client.RpcClient");

        Assert.That(connection.IsEnabled(LogLevel.Debug), Is.True, "the override names the connection's namespace");
        Assert.That(connection.IsEnabled(LogLevel.Trace), Is.False);
        Assert.That(other.IsEnabled(LogLevel.Debug), Is.False, "below the minimum: a disabled level is one check, nothing is formatted");
        Assert.That(other.IsEnabled(LogLevel.Warning), Is.True);
    }
}
