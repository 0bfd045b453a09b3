using System.Net;
using Serilog;
using SimpleRpc.ClientStub.Link;
using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.Net;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Gateway;

/// <summary>
/// Where apps connect (loopback). A module call is relayed to the server with a new id and its
/// reply relayed back with the app's id: the params and result pass through as raw JSON, with
/// no task and no thread hop on the way.
/// </summary>
public sealed class AppGateway : IAsyncDisposable
{
    private readonly TcpAcceptor _acceptor;
    private readonly ServerLink _server;
    private readonly ProxyFolder _proxies;
    private readonly ILogger _log;

    /// <summary>Creates the gateway on <paramref name="options"/>' app host and port.</summary>
    public AppGateway(StubOptions options, ServerLink server, ProxyFolder proxies, ILogger log)
    {
        _server = server;
        _proxies = proxies;
        _log = log;
        var connectionOptions = new JsonRpcConnectionOptions { MaxFrameBytes = options.MaxFrameBytes };
        _acceptor = new TcpAcceptor(options.AppHost, options.AppPort, connectionOptions, log) { Accepted = OnAccepted };
    }

    /// <summary>The bound endpoint.</summary>
    public IPEndPoint Endpoint => _acceptor.LocalEndpoint;

    /// <summary>Starts accepting apps.</summary>
    public void Start() => _acceptor.Start();

    private void OnAccepted(JsonRpcConnection app)
    {
        app.RequestHandler = HandleAsync;
        _log.Debug("App connected from {Peer}", app.DisplayName);
    }

    private ValueTask HandleAsync(JsonRpcConnection app, JsonRpcMessage message)
    {
        switch (message.Method)
        {
            case Methods.StubStatus:
                app.Reply(message.Id, new StubStatus(_server.Name, _server.Connection is not null, _proxies.Read().ToDictionary(p => p.Key, p => p.Value.Checksum)));
                return ValueTask.CompletedTask;
            case Methods.ListModules or Methods.ListClients:
                break;
            case { } method when method.StartsWith(Methods.Prefix, StringComparison.Ordinal):
                throw new RpcException(RpcErrorCodes.MethodNotFound, $"Method not found: {method} is not available to apps.");
        }

        var server = _server.Connection;
        if (server is null)
        {
            throw new RpcException(RpcErrorCodes.ServerUnavailable, "The stub is not connected to the server; try again when it is.");
        }

        if (!message.IsRequest)
        {
            server.Send(message);
            return ValueTask.CompletedTask;
        }

        var appId = message.Id;
        var serverId = server.NextId();
        server.RegisterReplyCallback(serverId, reply => app.Send(reply.Error is { } error
            ? JsonRpcMessage.Failure(appId, error)
            : JsonRpcMessage.Success(appId, reply.ResultJson)));
        if (!server.Send(JsonRpcMessage.Request(RpcId.From(serverId), message.Method!, message.ParamsJson)))
        {
            server.ForgetPending(serverId);
            throw new RpcException(RpcErrorCodes.ServerUnavailable, "The stub lost the server while sending the call.");
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _acceptor.DisposeAsync();
}
