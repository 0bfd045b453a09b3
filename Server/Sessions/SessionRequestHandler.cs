using System.Security.Cryptography;
using System.Text;
using Serilog;
using Serilog.Context;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;
using SimpleRpc.Server.Diagnostics;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;

namespace SimpleRpc.Server.Sessions;

/// <summary>
/// Answers a stub's requests: the hello first, then the built-in <c>simplerpc/…</c> methods, and
/// everything else as a module call through the <see cref="CallDispatcher"/>.
/// </summary>
public sealed partial class SessionRequestHandler
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ClientRegistry _clients;
    private readonly KeyAuthenticator _keys;
    private readonly int _maxCallsPerConnection;
    private readonly int _idleTimeoutSeconds;
    private readonly ModuleRegistry _modules;
    private readonly UploadAssembler _uploads;
    private readonly CallDispatcher _dispatcher;
    private readonly ILogger _log;

    /// <summary>Creates the handler over the server's registries.</summary>
    public SessionRequestHandler(ClientRegistry clients, KeyAuthenticator keys, ModuleRegistry modules, UploadAssembler uploads, CallDispatcher dispatcher, ILogger log, int maxCallsPerConnection = 1000, int idleTimeoutSeconds = 0)
    {
        _idleTimeoutSeconds = idleTimeoutSeconds;
        _maxCallsPerConnection = maxCallsPerConnection;
        _clients = clients;
        _keys = keys;
        _modules = modules;
        _uploads = uploads;
        _dispatcher = dispatcher;
        _log = log;

        // A graceful stop that gives up on running calls cancels them: one registration here
        // instead of a linked token source per call.
        InFlight.Abandoned.Register(() =>
        {
            foreach (var session in _clients.Snapshot())
            {
                session.CancelAllCalls();
            }
        });
    }

    /// <summary>Failed hellos per remote address (<c>maxFailedHellosPerMinute</c>); null: no limit.</summary>
    public FailedHelloLimiter? FailedHellos { get; init; }

    /// <summary>The server's default call deadline in seconds (<c>callTimeoutSeconds</c>), told to stubs in the hello result.</summary>
    public int CallTimeoutSeconds { get; init; }

    /// <summary>The longest call deadline in seconds (<c>maxCallTimeoutSeconds</c>), told to stubs in the hello result.</summary>
    public int MaxCallTimeoutSeconds { get; init; }

    /// <summary>
    /// The cluster's sessions when this server is a node (docs/cluster.md): hellos claim names
    /// cluster-wide, <c>clients</c> and <c>msg</c> span the nodes. Null on a lone server.
    /// </summary>
    public ISessionDirectory? Directory { get; set; }

    /// <summary>Module calls running now; a graceful stop drains them (see <see cref="ServerHost.DrainAsync"/>).</summary>
    public SimpleRpc.Hosting.InFlightCalls InFlight { get; } = new();

    /// <summary>Handles one request or notification from <paramref name="connection"/>.</summary>
    public async ValueTask HandleAsync(JsonRpcConnection connection, JsonRpcMessage message)
    {
        var session = (ClientSession)connection.State!;
        if (session.Name is null && message.Method != Methods.Hello)
        {
            throw new RpcException(RpcErrorCodes.HelloRequired, $"Say {Methods.Hello} first.");
        }

        if (message.Method == Methods.Hello && !message.IsRequest)
        {
            // A hello binds a name and answers with the session: as a notification its outcome
            // could never reach the sender, so it is ignored (IdentityAbuseTests.Hello_AsNotification_…).
            _log.Information("Ignored a hello sent as a notification from {Peer}: a hello needs an id", session.Address);
            return;
        }

        if (!message.Method!.StartsWith(Methods.Prefix, StringComparison.Ordinal) && message.Method != JsonRpcMessage.CancelRequestMethod)
        {
            // A module call: its log lines name the caller themselves, so no LogContext scope
            // (an async-local write per message) is pushed for it.
            if (message.IsRequest)
            {
                await CallAsync(session, message).ConfigureAwait(false);
            }

            return;
        }

        using var scope = LogContext.PushProperty("ClientId", session.Name);
        if (message.Method == JsonRpcMessage.CancelRequestMethod)
        {
            session.Cancel(Read<CancelRequest>(message).ToRpcId());
            return;
        }

        object? result;
        using (message.IsRequest ? session.ClaimId(message.Id) : default)
        {
            result = await HandleConsoleRequestAsync(connection, session, message).ConfigureAwait(false);
        }

        // As for calls, the id is free again before the reply leaves.
        if (message.IsRequest)
        {
            connection.Reply(message.Id, result);
        }
    }

    private async ValueTask<object?> HandleConsoleRequestAsync(JsonRpcConnection connection, ClientSession session, JsonRpcMessage message) =>
        message.Method switch
        {
            Methods.Hello => Directory is null ? Hello(session, Read<HelloRequest>(message)) : await HelloInClusterAsync(session, Read<HelloRequest>(message), connection.Closing).ConfigureAwait(false),
            Methods.Ping => true,
            Methods.ListClients => Directory is null ? _clients.Snapshot().Select(s => s.ToInfo()).ToList() : await Directory.ListClientsAsync(connection.Closing).ConfigureAwait(false),
            Methods.SendMessage => Directory is null ? Deliver(session, Read<SendMessageRequest>(message)) : await DeliverInClusterAsync(session, Read<SendMessageRequest>(message), connection.Closing).ConfigureAwait(false),
            Methods.ListModules => _modules.Snapshot().Select(m => m.Info).ToList(),
            Methods.Sync => Sync(session, Read<SyncRequest>(message)),
            Methods.ProxyWritten => RecordWritten(session, Read<ProxyWritten>(message)),
            Methods.UploadBegin => BeginUpload(session, message),
            Methods.UploadChunk => AddChunk(session, message),
            Methods.UploadCommit => await CommitAsync(session, Read<UploadCommit>(message), connection.Closing).ConfigureAwait(false),
            Methods.Unregister => await UnregisterAsync(session, Read<UnregisterRequest>(message), connection.Closing).ConfigureAwait(false),
            _ => throw new RpcException(RpcErrorCodes.MethodNotFound, $"Method not found: {message.Method}"),
        };

    // A module call: its reply leaves from SessionCall.Complete, on whichever thread ends the
    // call (a worker's answer: the thread that read it), so nothing is awaited here unless the
    // server is still restoring its modules.
    private ValueTask CallAsync(ClientSession session, JsonRpcMessage message)
    {
        if (!InFlight.TryEnter())
        {
            throw new RpcException(RpcErrorCodes.ServerUnavailable, "The server is shutting down; call again once it is back.");
        }

        SessionCall call;
        try
        {
            call = new SessionCall(session, message, _maxCallsPerConnection, InFlight);
        }
        catch
        {
            InFlight.Exit();
            throw;
        }

        if (!_modules.Restored.IsCompleted)
        {
            return new ValueTask(DispatchOnceRestoredAsync(session, message, call));
        }

        Dispatch(session, message, call);
        return ValueTask.CompletedTask;
    }

    private async Task DispatchOnceRestoredAsync(ClientSession session, JsonRpcMessage message, SessionCall call)
    {
        try
        {
            await WaitForRestoreAsync(message, call.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            call.Complete(JsonRpcMessage.Failure(message.Id, ErrorOf(ex)));
            return;
        }

        Dispatch(session, message, call);
    }

    // The call always ends in a reply that frees its id and its slot, even if dispatching it
    // failed in a way no invoker answers (a second reply is dropped).
    private void Dispatch(ClientSession session, JsonRpcMessage message, SessionCall call)
    {
        try
        {
            _dispatcher.Dispatch(message, session.Name!, call.Token, call);
        }
        catch (Exception ex)
        {
            if (ex is not RpcException)
            {
                _log.Error(ex, "Call {Method} from {ClientId} failed", message.Method, session.Name);
            }

            call.Complete(JsonRpcMessage.Failure(message.Id, ErrorOf(ex)));
        }
    }

    private static RpcError ErrorOf(Exception ex) =>
        ex is RpcException rpc ? rpc.ToError() : new RpcError(RpcErrorCodes.InternalError, "Internal error: " + ErrorText.Describe(ex));

    // Start-up: the server listens before its stored modules are loaded; a call to one still on
    // its way waits for it, within the call's deadline.
    private async Task WaitForRestoreAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _modules.WhenRestoredAsync(message.Method!, cancellationToken).WaitAsync(_dispatcher.TimeoutOf(message), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RpcException(RpcErrorCodes.Timeout, "The call passed its deadline while the server was still loading the module (it has just started).");
        }
        catch (OperationCanceledException)
        {
            throw new RpcException(RpcErrorCodes.RequestCancelled, "The call was cancelled while the server was still loading the module.");
        }
    }

    private HelloResult Hello(ClientSession session, HelloRequest hello)
    {
        Admit(session, hello);
        return Bind(session, hello);
    }

    // The checks before a name is looked at: one hello per connection, the address's failed
    // hellos, the key, the name's form. Sets the session's role and key fingerprint.
    private void Admit(ClientSession session, HelloRequest hello)
    {
        if (session.Name is not null)
        {
            throw new RpcException(RpcErrorCodes.InvalidRequest, $"This connection already said hello as '{session.Name}'.");
        }

        // Key guessing: an address past maxFailedHellosPerMinute is refused before its key is
        // looked at, so a right guess cannot be told from a wrong one until its minute is over.
        var address = FailedHelloLimiter.AddressOf(session.Address);
        if (FailedHellos is { } limiter && limiter.IsBlocked(address, out var retryAfter))
        {
            _log.Debug("Refused {Peer}: too many failed hellos from its address", session.Address);
            session.Connection.ReplyErrorThenClose = true;
            throw new RpcException(
                RpcErrorCodes.Unauthorized,
                $"Too many failed hellos from this address (maxFailedHellosPerMinute is {limiter.MaxPerMinute}); try again in {FailedHelloLimiter.Seconds(retryAfter)} s. This connection is closed.");
        }

        if (_keys.RoleOf(hello.Key) is not { } role)
        {
            // The handshake error and nothing else: the connection closes after this reply. A
            // burst of failures logs its first and the one that reaches the limit, not each.
            var failure = FailedHellos?.RecordFailure(address) ?? new HelloFailure(First: true, Blocked: false, 1);
            if (failure.First)
            {
                _log.Warning("Refused {Peer}: no valid key", session.Address);
            }
            else
            {
                _log.Debug("Refused {Peer}: no valid key ({Count} failed hellos from its address this minute)", session.Address, failure.Count);
            }

            if (failure.Blocked)
            {
                _log.Warning(
                    "Refusing every hello from {Address} for {Seconds} s: {Count} hellos without a valid key within a minute (maxFailedHellosPerMinute)",
                    address,
                    FailedHelloLimiter.Window.TotalSeconds,
                    failure.Count);
            }

            session.Connection.ReplyErrorThenClose = true;
            throw new RpcException(RpcErrorCodes.Unauthorized, "The hello needs a valid key (the stub's conf key); this connection is closed.");
        }

        if (!ClientRegistry.IsValidName(hello.Name))
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, "A client name has 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        session.Role = role;
        session.KeyFingerprint = KeyAuthenticator.Fingerprint(_keys.IsOpen ? null : hello.Key);
    }

    // The name is claimed on this server (a cluster node claimed it cluster-wide first).
    private HelloResult Bind(ClientSession session, HelloRequest hello)
    {
        var role = session.Role;
        var outcome = _clients.TryClaim(hello.Name, session, hello.Resume, out var replaced, out var suggestion);
        if (outcome is ClaimOutcome.Taken or ClaimOutcome.BoundToAnotherKey)
        {
            var why = outcome == ClaimOutcome.Taken ? "is taken" : "belongs to another key";
            _log.Information("Refused name {ClientId} for {Peer}: it {Reason}; suggested {Suggestion}", hello.Name, session.Address, why, suggestion);
            throw new RpcException(RpcErrorCodes.NameTaken, $"The name '{hello.Name}' {why}; try '{suggestion}'.", RpcJson.Serialize(new NameTakenData(hello.Name, suggestion!)));
        }

        if (replaced is not null)
        {
            _log.Information("Client {ClientId} reconnected; replacing its old session {SessionId}", hello.Name, replaced.SessionId);
            replaced.Connection.Close();
        }

        session.Connection.DisplayName = hello.Name;
        _log.Information("Client {ClientId} connected from {Peer} as session {SessionId} with role {Role}", hello.Name, session.Address, session.SessionId, role);
        return new HelloResult(hello.Name, session.SessionId, 1, role, _idleTimeoutSeconds, CallTimeoutSeconds, MaxCallTimeoutSeconds, Open: _keys.IsOpen);
    }

    private bool Deliver(ClientSession from, SendMessageRequest request)
    {
        var target = _clients.Find(request.To ?? string.Empty)
            ?? throw new RpcException(RpcErrorCodes.ClientNotFound, $"No client named '{request.To}' is connected.");
        target.Connection.Notify(Methods.MessageReceived, new ChatMessage(from.Name!, request.Text ?? string.Empty, DateTimeOffset.UtcNow));
        _log.Information("Message from {ClientId} to {TargetClientId} delivered", from.Name, target.Name);
        return true;
    }

    private SyncResult Sync(ClientSession session, SyncRequest request)
    {
        var have = request.Have ?? new Dictionary<string, string>();
        var modules = _modules.Snapshot();
        var updates = modules.Where(m => !have.TryGetValue(m.Name, out var checksum) || checksum != m.Info.Checksum).Select(m => m.ToProxyUpdate()).ToList();
        // A module still being restored at start-up is not removed: it is pushed once it serves.
        var removed = have.Keys.Where(name => _modules.Find(name) is null && !_modules.IsRestoring(name)).ToList();
        RecordHeld(session, have, modules, removed);
        return new SyncResult(updates, removed);
    }

    // The stub has the proxy in its folder: the dashboard's spread shows when.
    private bool RecordWritten(ClientSession session, ProxyWritten written)
    {
        if (written.Name is not null && written.Checksum is not null && _modules.Find(written.Name) is { } module && module.Info.Checksum == written.Checksum)
        {
            session.Proxies[written.Name] = new HeldProxy(written.Checksum, module.Info.Version, DateTimeOffset.UtcNow, "written");
            session.ConfirmsProxies = true;
        }

        return true;
    }

    // What the stub said it holds and what this sync's reply sends it: for the dashboard's
    // current/behind/missing (a sent proxy is held once the stub confirms it).
    private static void RecordHeld(ClientSession session, IReadOnlyDictionary<string, string> have, IReadOnlyList<LoadedModule> modules, IReadOnlyList<string> removed)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (name, checksum) in have)
        {
            var serving = modules.FirstOrDefault(m => m.Name == name && m.Info.Checksum == checksum);
            session.Proxies[name] = new HeldProxy(checksum, serving?.Info.Version ?? 0, now, "reported");
        }

        foreach (var module in modules.Where(m => !have.TryGetValue(m.Name, out var checksum) || checksum != m.Info.Checksum))
        {
            session.ProxiesSent[module.Name] = new HeldProxy(module.Info.Checksum, module.Info.Version, now, "synced");
        }

        foreach (var name in removed)
        {
            session.Proxies.TryRemove(name, out _);
            session.ProxiesSent.TryRemove(name, out _);
        }
    }

    // Read from the params' UTF-8 bytes, not bound through a string: chunks are the big messages.
    private bool AddChunk(ClientSession session, JsonRpcMessage message)
    {
        var chunk = message.ParamsUtf8.IsEmpty
            ? UploadChunkParams.Read(System.Text.Encoding.UTF8.GetBytes(message.ParamsJson ?? "null"))
            : UploadChunkParams.Read(message.ParamsUtf8);
        _uploads.AddChunk(chunk, session.SessionId);
        return true;
    }

    private async Task<ModuleInfo> CommitAsync(ClientSession session, UploadCommit commit, CancellationToken cancellationToken)
    {
        var (request, bytes) = _uploads.Commit(commit.UploadId, session.SessionId);
        string source;
        try
        {
            source = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new RpcException(RpcErrorCodes.UploadRefused, "Upload refused: the module is not valid UTF-8 text.");
        }

        RegisterOutcome outcome;
        try
        {
            outcome = await _modules.RegisterAsync(request.Name, source.TrimStart('\uFEFF'), Convert.ToHexStringLower(SHA256.HashData(bytes)), session.Name!, request.Breaking == true, session.Role == ClientRole.Admin, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            CountUpload(request.Name, "refused");
            throw new RpcException(RpcErrorCodes.UploadRefused, "Upload refused: " + ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            // Another client published the name since the upload began (in a cluster: on another node).
            throw new RpcException(RpcErrorCodes.NotAllowed, ex.Message);
        }
        catch (ModuleStoreException ex)
        {
            // Its message names no server path; the store logged the full error.
            CountUpload(request.Name, "store_failed");
            throw new RpcException(RpcErrorCodes.InternalError, ex.Message);
        }

        CountUpload(request.Name, outcome.Success ? "ok" : outcome.RefusedAsBreaking ? "refused_breaking" : "compile_failed");
        if (outcome.RefusedAsBreaking)
        {
            // In a cluster every node counts the calls it served: ask them all (ClusterTests.Publish_Breaking…).
            throw Directory is null
                ? BreakingChangeRefusal.Create(request.Name, outcome, _dispatcher.Callers)
                : BreakingChangeRefusal.Create(request.Name, outcome, await Directory.RecentCallersAsync(request.Name, BreakingChangeRefusal.BrokenFunctions(outcome), cancellationToken).ConfigureAwait(false));
        }

        if (!outcome.Success)
        {
            throw new RpcException(
                RpcErrorCodes.CompileFailed,
                $"Module '{request.Name}' did not compile: {outcome.Diagnostics.Count(d => d.Contains(": error ", StringComparison.Ordinal))} error(s).",
                RpcJson.Serialize(new CompileFailedData(outcome.Diagnostics)));
        }

        return outcome.Module!.Info;
    }

    // Only names that passed ModuleRules.ValidateName at the upload's begin get here.
    private static void CountUpload(string? module, string outcome)
    {
        if (ServerMetrics.Uploads.Enabled)
        {
            ServerMetrics.Uploads.Add(1, new KeyValuePair<string, object?>("module", module), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private async Task<bool> UnregisterAsync(ClientSession session, UnregisterRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _modules.RemoveAsync(request.Name ?? string.Empty, session.Name!, mayRemoveOthers: session.Role == ClientRole.Admin, cancellationToken).ConfigureAwait(false)
                ? true
                : throw new RpcException(RpcErrorCodes.MethodNotFound, $"No module '{request.Name}' is registered.");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RpcException(RpcErrorCodes.NotAllowed, ex.Message);
        }
        catch (ModuleStoreException ex)
        {
            throw new RpcException(RpcErrorCodes.InternalError, ex.Message);
        }
    }

    // Who may publish what is settled before a byte of the upload is kept.
    private UploadStarted BeginUpload(ClientSession session, JsonRpcMessage message)
    {
        Require(session, ClientRole.Publish, "register modules");
        var request = Read<UploadBegin>(message);
        try
        {
            _modules.CheckPublish(request.Name, session.Name!, mayReplaceOthers: session.Role == ClientRole.Admin);
        }
        catch (ArgumentException ex)
        {
            throw new RpcException(RpcErrorCodes.UploadRefused, "Upload refused: " + ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RpcException(RpcErrorCodes.NotAllowed, ex.Message);
        }

        return _uploads.Begin(request, session.SessionId);
    }

    // Checked before anything of an upload is read or kept.
    private static bool Require(ClientSession session, ClientRole needed, string action) =>
        session.Role >= needed
            ? true
            : throw new RpcException(RpcErrorCodes.NotAllowed, $"Client '{session.Name}' has the {session.Role.ToString().ToLowerInvariant()} role; to {action} its key needs the {needed.ToString().ToLowerInvariant()} role.");

    private static T Read<T>(JsonRpcMessage message)
    {
        try
        {
            return RpcJson.Deserialize<T>(message.ParamsJson ?? "null")
                ?? throw new RpcException(RpcErrorCodes.InvalidParams, $"{message.Method} needs params.");
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, $"Invalid params for {message.Method}: {ex.Message}");
        }
    }
}
