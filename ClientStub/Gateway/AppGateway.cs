using System.Collections.Concurrent;
using System.Net;
using Serilog;
using SimpleRpc.ClientStub.Diagnostics;
using SimpleRpc.ClientStub.Discovery;
using SimpleRpc.ClientStub.Link;
using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.Hosting.Net;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Gateway;

/// <summary>
/// Where apps connect (loopback). A module call is relayed to the server with a new id and its
/// reply relayed back with the app's id: the params and result pass through as raw JSON, with
/// no task and no thread hop on the way (<see cref="RelayedCall"/>).
/// </summary>
public sealed class AppGateway : IAsyncDisposable
{
    private readonly TcpAcceptor _acceptor;
    private readonly ServerLink _server;
    private readonly ProxyFolder _proxies;
    private readonly DiscoveryDocumentCache _discovery;
    private readonly ILogger _log;

    /// <summary>Creates the gateway on <paramref name="options"/>' app host and port.</summary>
    public AppGateway(StubOptions options, ServerLink server, ProxyFolder proxies, ILogger log)
    {
        _server = server;
        _proxies = proxies;
        _discovery = new DiscoveryDocumentCache(proxies);
        _log = log;
        server.Discovery = () => _discovery.GetJson(server.Name, Endpoint.ToString());
        _acceptor = new TcpAcceptor(options.AppHost, options.AppPort, options.ConnectionOptions, log) { Accepted = OnAccepted };
    }

    /// <summary>The bound endpoint.</summary>
    public IPEndPoint Endpoint => _acceptor.LocalEndpoint;

    /// <summary>Starts accepting apps.</summary>
    public void Start() => _acceptor.Start();

    /// <summary>Apps' calls relayed to the server and not answered yet; a graceful stop drains them.</summary>
    public SimpleRpc.Hosting.InFlightCalls InFlight { get; } = new();

    /// <summary>Stops accepting apps (a graceful stop's first step); connected apps stay connected.</summary>
    public ValueTask StopAcceptingAsync() => _acceptor.DisposeAsync();

    private void OnAccepted(JsonRpcConnection app)
    {
        var calls = new ConcurrentDictionary<RpcId, long>();
        app.State = calls;
        app.RequestHandler = HandleAsync;
        app.Closed += (_, _) => CancelAll(calls);
        _log.Debug("App connected from {Peer}", app.DisplayName);
    }

    // An app that goes away cancels its calls on the server: nobody is left to get the answers.
    private void CancelAll(ConcurrentDictionary<RpcId, long> calls)
    {
        var server = _server.Connection;
        foreach (var serverId in calls.Values)
        {
            server?.Notify(JsonRpcMessage.CancelRequestMethod, new CancelRequest(serverId));
        }

        calls.Clear();
    }

    private ValueTask HandleAsync(JsonRpcConnection app, JsonRpcMessage message)
    {
        switch (message.Method)
        {
            case Methods.StubStatus:
                app.Reply(message.Id, new StubStatus(_server.Name, _server.Connection is not null, _proxies.Read().ToDictionary(p => p.Key, p => p.Value.Checksum)));
                return ValueTask.CompletedTask;
            case Methods.Discover:
                app.Send(JsonRpcMessage.Success(message.Id, _discovery.GetJson(_server.Name, Endpoint.ToString())));
                return ValueTask.CompletedTask;
            case Methods.ListModules or Methods.ListClients:
                break;
            case { } method when method.StartsWith(Methods.Prefix, StringComparison.Ordinal):
                throw new RpcException(RpcErrorCodes.MethodNotFound, $"Method not found: {method} is not available to apps.");
        }

        var server = _server.Connection;
        var calls = (ConcurrentDictionary<RpcId, long>)app.State!;
        if (message.Method == JsonRpcMessage.CancelRequestMethod)
        {
            ForwardCancel(server, calls, message);
            return ValueTask.CompletedTask;
        }

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
        if (!calls.TryAdd(appId, serverId))
        {
            // The app's replies are matched by id: a second call under a running call's id never runs.
            throw RpcException.DuplicateRequestId(appId);
        }

        if (!InFlight.TryEnter())
        {
            calls.TryRemove(appId, out _);
            throw new RpcException(RpcErrorCodes.ServerUnavailable, "The stub is shutting down; call again once it is back.");
        }

        var started = StubMetrics.CallStarted();
        var activity = StubTracing.StartRelay(message);
        try
        {
            // The stub keeps the call's deadline itself: a server that never answers (frozen, or
            // behind a black hole) cannot hold the app past it (StubFrozenServerTests).
            server.RegisterReply(serverId, new RelayedCall(app, calls, appId, serverId, message.Method!, started, activity, InFlight, Environment.TickCount64 + _server.LocalDeadlineMs(message.TimeoutMs)));
        }
        catch (RpcException)
        {
            // Too many calls waiting (maxPendingCalls): this one was never registered.
            activity?.Dispose();
            InFlight.Exit();
            calls.TryRemove(appId, out _);
            throw;
        }

        if (!server.Send(StubTracing.Forward(message, RpcId.From(serverId), activity)))
        {
            // The reply callback runs only if the connection failed the call first.
            if (server.ForgetPending(serverId))
            {
                activity?.Dispose();
                InFlight.Exit();
            }

            calls.TryRemove(appId, out _);
            throw new RpcException(RpcErrorCodes.ServerUnavailable, "The stub lost the server while sending the call.");
        }

        return ValueTask.CompletedTask;
    }

    // The app names its own id; the server knows the call by the stub's id.
    private static void ForwardCancel(JsonRpcConnection? server, ConcurrentDictionary<RpcId, long> calls, JsonRpcMessage message)
    {
        var id = Serialization.RpcJson.Deserialize<CancelRequest>(message.ParamsJson ?? "{}")?.ToRpcId() ?? RpcId.None;
        if (calls.TryGetValue(id, out var serverId))
        {
            server?.Notify(JsonRpcMessage.CancelRequestMethod, new CancelRequest(serverId));
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _acceptor.DisposeAsync();
}
