using Serilog;
using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Link;

/// <summary>
/// The stub's connection to the server: says hello (settling a name clash), syncs the proxy
/// folder, then applies pushed proxies and shows delivered messages.
/// </summary>
public sealed partial class ServerLink : IAsyncDisposable, IServerInvoker
{
    private const int MaxNameAttempts = 10;
    private readonly StubOptions _options;
    private readonly ProxyFolder _proxies;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _disposing = new();
    private JsonRpcConnection? _connection;
    private bool _reconnecting;
    private string? _sessionId;
    private int _serverIdleSeconds;
    private long _callTimeoutMs = DefaultCallTimeoutMs;
    private long _maxCallTimeoutMs = NoCallTimeoutCap;
    private int _current;

    /// <summary>Creates the link; <see cref="ConnectAsync"/> opens it.</summary>
    public ServerLink(StubOptions options, ProxyFolder proxies, ILogger log)
    {
        _options = options;
        _proxies = proxies;
        _log = log;
        Name = options.Name;
    }

    /// <summary>
    /// Asked when the server refuses the name: gets (refused name, suggestion) and returns the
    /// name to try next. Null means take the suggestion (a non-interactive stub).
    /// </summary>
    public Func<string, string, Task<string>>? ChooseName { get; set; }

    /// <summary>Raised when a message from another client (or the server) arrives.</summary>
    public event Action<ChatMessage>? MessageReceived;

    /// <summary>
    /// Builds this stub's <c>rpc.discover</c> document (JSON), for the server's dashboard, which asks
    /// over the link to build its "try it" forms; null until the app gateway sets it.
    /// </summary>
    public Func<string>? Discovery { get; set; }

    /// <summary>The name the server accepted.</summary>
    public string Name { get; private set; }

    /// <summary>The role the server's hello reply gave this stub (its key's), or null before the first hello.</summary>
    public ClientRole? Role { get; private set; }

    /// <summary>
    /// True when the server's last hello reply said it has no keys and accepted the hello without
    /// checking one (its <c>open</c> member): <see cref="Role"/> then says nothing about this stub's key.
    /// </summary>
    public bool ServerIsOpen { get; private set; }

    /// <summary>The servers this stub may use: <c>servers</c> when set, else <c>server</c>.</summary>
    public IReadOnlyList<string> Endpoints => _options.Servers is { Count: > 0 } servers ? servers : [_options.Server];

    /// <summary>The server this stub is connected to (or tries next).</summary>
    public string Endpoint => Endpoints[_current % Endpoints.Count];

    /// <summary>The open connection, or null when the server is not reachable.</summary>
    public JsonRpcConnection? Connection => _connection is { IsClosed: false } c ? c : null;

    /// <summary>Connects, says hello and syncs proxies.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The server is not reachable.</exception>
    /// <exception cref="RpcException">The hello was refused for a reason other than the name.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectToFirstAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Name = await HelloAsync(connection, Name, ChooseName, resume: null, cancellationToken).ConfigureAwait(false);
            connection.DisplayName = "server";
            await SyncAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection.Close();
            throw;
        }

        _connection = connection;
        connection.Closed += OnConnectionLost;
        _ = HeartbeatAsync(_disposing.Token);
    }

    // At start each server is tried once, in the conf's order; the last failure is thrown.
    private async Task<JsonRpcConnection> ConnectToFirstAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            _current = i;
            try
            {
                return await OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException && i + 1 < Endpoints.Count)
            {
                _log.Warning("Cannot reach the server at {Endpoint}: {Reason}; trying the next", Endpoint, ex.Message);
            }
        }
    }

    // Calls in flight on the lost connection have already failed (ConnectionLost); reconnect
    // in the background with backoff and jitter, keeping the same name, then resync.
    private void OnConnectionLost(JsonRpcConnection connection, Exception? reason)
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        _log.Warning("Lost the server at {Endpoint}: {Reason}; reconnecting", Endpoint, reason?.Message ?? "closed");
        _ = ReconnectAsync(_disposing.Token);
    }

    private async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        lock (_disposing)
        {
            if (_reconnecting)
            {
                return;
            }

            _reconnecting = true;
        }

        try
        {
            var backoff = ReconnectBackoff.ForReconnect();
            for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
            {
                try
                {
                    await Task.Delay(backoff.Next(), cancellationToken).ConfigureAwait(false);

                    // With several servers (a cluster), the first try goes to the same node (a
                    // blip), the next ones to the others in turn.
                    if (attempt > 1 && Endpoints.Count > 1)
                    {
                        _current = (_current + 1) % Endpoints.Count;
                    }

                    var name = Name;
                    await ConnectOnceAsync(name, cancellationToken).ConfigureAwait(false);
                    _log.Information("Reconnected to {Endpoint} as {ClientId} after {Attempts} attempts", Endpoint, Name, attempt);
                    Diagnostics.StubMetrics.Reconnects.Add(1);
                    return;
                }
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or RpcException or IOException)
                {
                    _log.Debug("Reconnect attempt {Attempt} failed: {Reason}", attempt, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_disposing)
            {
                _reconnecting = false;
            }
        }
    }

    // A reconnect keeps its name and names its previous session, which the server replaces
    // if it still holds it (it may not have noticed the drop yet).
    private async Task ConnectOnceAsync(string name, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await HelloAsync(connection, name, (_, _) => throw new RpcException(RpcErrorCodes.NameTaken, $"The server still holds the name '{name}'."), _sessionId, cancellationToken).ConfigureAwait(false);
            connection.DisplayName = "server";
            await SyncAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection.Close();
            throw;
        }

        _connection = connection;
        connection.Closed += OnConnectionLost;
    }

    /// <summary>Calls a built-in method on the server.</summary>
    /// <exception cref="RpcException">The server answered with an error, or is not connected.</exception>
    public Task<T?> InvokeAsync<T>(string method, object? parameters, CancellationToken cancellationToken) =>
        (Connection ?? throw new RpcException(RpcErrorCodes.ServerUnavailable, "Not connected to the server."))
            .InvokeAsync<T>(method, parameters, cancellationToken);

    private async Task<string> HelloAsync(JsonRpcConnection connection, string name, Func<string, string, Task<string>>? chooseName, string? resume, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var hello = new HelloRequest(name, 1, _options.Key, resume);
                var result = await AskAsync<HelloResult>(connection, Methods.Hello, hello, cancellationToken).ConfigureAwait(false);
                _log.Information("Connected to {Endpoint} as {ClientId} (session {SessionId}, role {Role})", Endpoint, result!.Name, result.SessionId, result.Role);
                _sessionId = result.SessionId;
                Role = result.Role;
                ServerIsOpen = result.Open;
                _serverIdleSeconds = result.IdleTimeoutSeconds;
                _callTimeoutMs = result.CallTimeoutSeconds > 0 ? result.CallTimeoutSeconds * 1000L : DefaultCallTimeoutMs;
                _maxCallTimeoutMs = result.MaxCallTimeoutSeconds > 0 ? result.MaxCallTimeoutSeconds * 1000L : NoCallTimeoutCap;
                return result.Name;
            }
            catch (RpcException ex) when (ex.Code == RpcErrorCodes.NameTaken && attempt < MaxNameAttempts)
            {
                var suggestion = new RpcError(ex.Code, ex.Message, ex.DataJson).ReadData<NameTakenData>()?.Suggestion ?? name + "-" + attempt;
                _log.Warning("The name {ClientId} is taken; the server suggests {Suggestion}", name, suggestion);
                name = chooseName is null ? suggestion : await chooseName(name, suggestion).ConfigureAwait(false);
            }
        }
    }

    private async Task SyncAsync(JsonRpcConnection connection, CancellationToken cancellationToken)
    {
        var have = _proxies.Read().ToDictionary(p => p.Key, p => p.Value.Checksum, StringComparer.Ordinal);
        var result = await AskAsync<SyncResult>(connection, Methods.Sync, new SyncRequest(have), cancellationToken).ConfigureAwait(false);
        foreach (var update in result!.Updates)
        {
            _proxies.Write(update);
            connection.Notify(Methods.ProxyWritten, new ProxyWritten(update.Name, update.Checksum));
        }

        foreach (var name in result.Removed)
        {
            _proxies.Remove(name);
        }

        _log.Information("Synced proxies into {ProxyDir}: {Updated} updated, {Removed} removed, {Unchanged} unchanged", _proxies.Path, result.Updates.Count, result.Removed.Count, have.Count - result.Updates.Count(u => have.ContainsKey(u.Name)) - result.Removed.Count);
    }

    private ValueTask HandleAsync(JsonRpcConnection connection, JsonRpcMessage message)
    {
        switch (message.Method)
        {
            case Methods.ProxyUpdated:
                var update = Serialization.RpcJson.Deserialize<ProxyUpdate>(message.ParamsJson ?? "null")!;
                if (_proxies.Write(update))
                {
                    _log.Information("Proxy {ModuleName} v{ModuleVersion} written to {ProxyDir}", update.Name, update.Version, _proxies.Path);
                }

                connection.Notify(Methods.ProxyWritten, new ProxyWritten(update.Name, update.Checksum));
                Diagnostics.StubMetrics.ProxyPushes.Add(1, new KeyValuePair<string, object?>("kind", "update"));
                if (update.PublishedAt is { } publishedAt)
                {
                    Diagnostics.StubMetrics.ProxyPushLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - publishedAt).TotalSeconds), new KeyValuePair<string, object?>("module", update.Name));
                }

                break;
            case Methods.ProxyRemoved:
                var removal = Serialization.RpcJson.Deserialize<ProxyRemoval>(message.ParamsJson ?? "null")!;
                _proxies.Remove(removal.Name);
                _log.Information("Proxy {ModuleName} removed", removal.Name);
                Diagnostics.StubMetrics.ProxyPushes.Add(1, new KeyValuePair<string, object?>("kind", "removal"));
                break;
            case Methods.Discover when message.IsRequest && Discovery is { } discover:
                connection.Send(JsonRpcMessage.Success(message.Id, discover()));
                return ValueTask.CompletedTask;
            case Methods.MessageReceived:
                var chat = Serialization.RpcJson.Deserialize<ChatMessage>(message.ParamsJson ?? "null")!;
                // The stub's console prints it (StubService); marked so the log's console sink does not print it again.
                _log.ForContext(Hosting.Logging.LogSetup.ShownOnConsole, true).Information("Message from {FromClientId}: {Text}", chat.From, chat.Text);
                MessageReceived?.Invoke(chat);
                break;
            default:
                throw new RpcException(RpcErrorCodes.MethodNotFound, $"Method not found: {message.Method}");
        }

        if (message.IsRequest)
        {
            connection.Reply(message.Id, true);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _disposing.Cancel();
        if (_connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
