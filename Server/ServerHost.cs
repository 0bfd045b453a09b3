using System.Net;
using Serilog;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Compilation;
using SimpleRpc.Server.Compilation.Policy;
using SimpleRpc.Server.Dispatch;
using SimpleRpc.Server.Modules;
using SimpleRpc.Server.Sessions;
using SimpleRpc.Hosting.Net;

namespace SimpleRpc.Server;

/// <summary>
/// Wires the server's parts together: the acceptor, sessions, modules, uploads and dispatcher,
/// and pushes every newly published proxy to every connected stub.
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    /// <summary>
    /// Stub connections and worker links that read on a thread of their own (woken straight by
    /// the kernel, no pool hop per receive); connections past this many read on the pool.
    /// </summary>
    internal const int ReaderThreads = 256;

    private readonly ServerOptions _options;
    private readonly ILogger _log;
    private readonly TcpAcceptor _acceptor;
    private readonly SessionRequestHandler _handler;
    private readonly UploadAssembler _uploads;
    private readonly Diagnostics.ServerGauges _gauges;
    private Timer? _idleSweep;
    private readonly CancellationTokenSource _stopping = new();
    private Task _restoring = Task.CompletedTask;

    /// <summary>Creates the server; <see cref="StartAsync"/> binds it.</summary>
    public ServerHost(ServerOptions options, ILogger log)
    {
        _options = options;
        _log = log;
        if (options.CompileTimeoutSeconds < 1)
        {
            throw new ArgumentException($"compileTimeoutSeconds is {options.CompileTimeoutSeconds}; it must be at least 1.");
        }

        Compiler = new ModuleCompiler(log.ForContext<ModuleCompiler>(), ModulePolicy.FromConfig(options.BannedApis)) { Timeout = TimeSpan.FromSeconds(options.CompileTimeoutSeconds) };
        Store = new ModuleStore(Path.Combine(Path.GetFullPath(options.DataDir), "modules"), log.ForContext<ModuleStore>());
        var usesWorkers = Isolation.Host.WorkerSettings.UsesWorkers(options);
        Compiles = ModuleCompileServices.Create(options, Compiler, log);
        Modules = new ModuleRegistry(Compiles, log.ForContext<ModuleRegistry>(), Store) { CallsRunInWorkers = usesWorkers };
        Clients = new ClientRegistry();
        _uploads = new UploadAssembler(options);
        _uploads.Expired += (module, owner) => _log.Warning("Dropped the upload of {ModuleName} from session {SessionId}: not committed within {Seconds} s (uploadTimeoutSeconds)", module, owner, options.UploadTimeoutSeconds);
        Workers = usesWorkers
            ? new Isolation.Host.ModuleWorkerPool(Modules, Isolation.Host.WorkerSettings.From(options), log.ForContext<Isolation.Host.ModuleWorkerPool>())
            : null;
        IModuleInvoker invoker = Workers is null ? new InProcessInvoker(Modules, log.ForContext<InProcessInvoker>()) : Workers;
        Dispatcher = new CallDispatcher(invoker, TimeSpan.FromSeconds(options.CallTimeoutSeconds), TimeSpan.FromSeconds(options.MaxCallTimeoutSeconds)) { Callers = new RecentCallers() };
        Keys = new KeyAuthenticator(options.Keys);
        Names = new NameBindingStore(Path.Combine(Path.GetFullPath(options.DataDir), "names.json"), log.ForContext<NameBindingStore>());
        Clients.NameBound += SaveNameBindings;
        if (options.MaxFailedHellosPerMinute < 0)
        {
            throw new ArgumentException($"maxFailedHellosPerMinute is {options.MaxFailedHellosPerMinute}; it must be 0 (no limit) or more.");
        }

        _handler = new SessionRequestHandler(Clients, Keys, Modules, _uploads, Dispatcher, log.ForContext<SessionRequestHandler>(), options.MaxCallsPerConnection, options.IdleTimeoutSeconds)
        {
            FailedHellos = new FailedHelloLimiter(options.MaxFailedHellosPerMinute),
            CallTimeoutSeconds = options.CallTimeoutSeconds,
            MaxCallTimeoutSeconds = options.MaxCallTimeoutSeconds,
        };
        if (options.MaxJsonDepth is < 1 or > 64)
        {
            throw new ArgumentException($"maxJsonDepth is {options.MaxJsonDepth}; it must be between 1 and 64.");
        }

        var connectionOptions = new JsonRpcConnectionOptions
        {
            MaxFrameBytes = options.MaxFrameBytes,
            MaxPendingRequests = options.MaxPendingCalls,
            MaxJsonDepth = options.MaxJsonDepth,
            MaxQueuedBytes = options.MaxQueuedBytes,
            DedicatedReadThreads = ReaderThreads,
            ReadSpin = Isolation.Host.WorkerSettings.ReadSpinOf(options),
        };
        _acceptor = new TcpAcceptor(options.Host, options.Port, connectionOptions, log.ForContext<TcpAcceptor>(), options.Tls, TimeSpan.FromSeconds(options.HelloTimeoutSeconds)) { Accepted = OnAccepted };
        Modules.Published += module => CountPushes("update", PushProxy(module));
        Modules.Removed += name => CountPushes("removal", RemoveProxy(name));
        _gauges = new Diagnostics.ServerGauges(this);
    }

    /// <summary>The connected, named clients.</summary>
    public ClientRegistry Clients { get; }

    /// <summary>Checks the keys stubs present.</summary>
    public KeyAuthenticator Keys { get; }

    /// <summary>Where the names' key bindings are kept on disk.</summary>
    public NameBindingStore Names { get; }

    /// <summary>Where modules are kept on disk.</summary>
    public ModuleStore Store { get; }

    /// <summary>Uploads in progress.</summary>
    public UploadAssembler Uploads => _uploads;

    /// <summary>The hosted modules.</summary>
    public ModuleRegistry Modules { get; }

    /// <summary>Runs module calls, for stubs and for the console's <c>call</c>.</summary>
    public CallDispatcher Dispatcher { get; }

    /// <summary>The modules' worker processes; null when <c>isolation</c> is <c>inProcess</c>.</summary>
    public Isolation.Host.ModuleWorkerPool? Workers { get; }

    /// <summary>
    /// The server's Roslyn compiler: its deadline and policy. It compiles only with
    /// <c>compileIsolation: inProcess</c>; otherwise <see cref="Compiles"/> runs it in a compile process.
    /// </summary>
    public ModuleCompiler Compiler { get; }

    /// <summary>Where the registry's compiles run (<c>compileIsolation</c>).</summary>
    public IModuleCompileService Compiles { get; }

    /// <summary>Bytes received from and sent to stubs, for <c>simplerpc.bytes.received</c> and <c>.sent</c>.</summary>
    internal Diagnostics.LinkBytes LinkBytes { get; } = new();

    /// <summary>What <c>/readyz</c> reports.</summary>
    public Dashboard.ServerReadiness Readiness { get; } = new();

    /// <summary>This server as a node of a cluster (docs/cluster.md), or null when it runs alone.</summary>
    public Cluster.ClusterNode? ClusterNode { get; private set; }

    /// <summary>
    /// Makes this server a node of the cluster whose silo runs in this process: module versions go
    /// through the cluster's catalogue and names, <c>clients</c> and <c>msg</c> span the nodes.
    /// Call once, before <see cref="StartAsync"/>.
    /// </summary>
    public void JoinCluster(Orleans.IGrainFactory grains, Orleans.Runtime.SiloAddress silo, Cluster.ClusterNodes nodes, Cluster.RefusedNodeReaper? reaper)
    {
        ClusterNode = new Cluster.ClusterNode(Modules, Clients, _log.ForContext<Cluster.ClusterNode>()) { Callers = Dispatcher.Callers };
        ClusterNode.Attach(grains, silo, nodes, reaper);
        Modules.Catalogue = ClusterNode;
        _handler.Directory = ClusterNode;
    }

    /// <summary>The bound endpoint, with the OS-chosen port when the conf said 0.</summary>
    public IPEndPoint Endpoint => _acceptor.LocalEndpoint;

    /// <summary>
    /// Binds the listener and starts accepting stubs, then restores the stored modules in the
    /// background: each serves as soon as it is loaded, and a call to one still on its way waits
    /// for it (<see cref="Modules"/>' <c>Restored</c> completes when all are). A cluster's node
    /// restores and catches up with the catalogue first.
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">The address is in use or not available.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Clients.RestoreBindings(Names.Load(Keys.Fingerprints));
        var stored = Modules.BeginRestore();
        if (ClusterNode is not null)
        {
            // A node serves what the catalogue holds before it takes stubs: its store first, then
            // the versions published while it was away (docs/cluster.md).
            await RestoreAsync(stored).ConfigureAwait(false);
            await ClusterNode.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        }

        _acceptor.Start();
        if (Keys.IsOpen)
        {
            // After the bind, so the warning names the port the OS chose when the conf said 0.
            _log.Warning("No keys are configured: any client that can reach {Endpoint} may register modules, that is run code on this machine. Set keys in the server conf.", Endpoint.ToString());
        }

        Readiness.Accepting();
        if (ClusterNode is not null)
        {
            await ClusterNode.JoinAsync(Endpoint.ToString(), cancellationToken).ConfigureAwait(false);
        }

        var sweep = TimeSpan.FromSeconds(Math.Clamp(_options.IdleTimeoutSeconds / 3.0, 0.2, 10));
        _idleSweep = new Timer(CloseIdleSessions, null, sweep, sweep);
        _log.Information("Server listening on {Endpoint}", Endpoint.ToString());
        if (ClusterNode is null)
        {
            _restoring = RestoreAsync(stored);
        }
    }

    private async Task RestoreAsync(IReadOnlyList<StoredModule> stored)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var restored = await Modules.RestoreAsync(stored, _stopping.Token).ConfigureAwait(false);
            _log.Information("Restored {Count} modules from {DataDir} in {ElapsedMs} ms ({Compiles} compiled)", restored, Store.RootDirectory, watch.ElapsedMilliseconds, Modules.Compiles);
            Readiness.StoreLoaded();
        }
        catch (OperationCanceledException)
        {
            _log.Information("Stopped restoring modules: the server is stopping");
        }
    }

    // A name's first hello binds it to its key; the binding outlives a restart (names.json).
    private void SaveNameBindings()
    {
        try
        {
            Names.Save(Clients.Bindings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Error("Could not save the name bindings to {Path}: {Reason}; they hold until the server stops", Names.Path, ex.Message);
        }
    }

    // Clients that stopped talking (no message, not even a heartbeat, for idleTimeoutSeconds)
    // are dropped, so a vanished peer cannot hold a session and its name for ever.
    private void CloseIdleSessions(object? state)
    {
        var limit = TimeSpan.FromSeconds(_options.IdleTimeoutSeconds);
        foreach (var session in Clients.Snapshot())
        {
            if (session.Connection.IdleFor > limit)
            {
                _log.Information("Closing {ClientId}: nothing received for {Seconds} s (idleTimeoutSeconds)", session.Name, _options.IdleTimeoutSeconds);
                session.Connection.Close();
            }
        }
    }

    /// <summary>Sends a notification to every named client.</summary>
    /// <returns>How many clients it was sent to.</returns>
    public int Broadcast(string method, object payload)
    {
        var sent = 0;
        foreach (var session in Clients.Snapshot())
        {
            sent += session.Connection.Notify(method, payload) ? 1 : 0;
        }

        return sent;
    }

    // Each stub's record of what it holds follows the pushes (the dashboard's current/behind/missing
    // and a publish's spread).
    private int PushProxy(LoadedModule module)
    {
        var update = module.ToProxyUpdate();
        var sent = 0;
        foreach (var session in Clients.Snapshot())
        {
            if (session.Connection.Notify(Methods.ProxyUpdated, update))
            {
                session.ProxiesSent[module.Name] = new HeldProxy(module.Info.Checksum, module.Info.Version, DateTimeOffset.UtcNow, "pushed");
                sent++;
            }
        }

        return sent;
    }

    private int RemoveProxy(string name)
    {
        var sent = 0;
        foreach (var session in Clients.Snapshot())
        {
            if (session.Connection.Notify(Methods.ProxyRemoved, new ProxyRemoval(name)))
            {
                session.Proxies.TryRemove(name, out _);
                session.ProxiesSent.TryRemove(name, out _);
                sent++;
            }
        }

        return sent;
    }

    private static void CountPushes(string kind, int count) =>
        Diagnostics.ServerMetrics.ProxyPushes.Add(count, new KeyValuePair<string, object?>("kind", kind));

    private void OnAccepted(JsonRpcConnection connection)
    {
        var session = new ClientSession(connection);
        connection.State = session;
        LinkBytes.Opened(connection);
        connection.RequestHandler = _handler.HandleAsync;
        connection.Closed += (_, reason) =>
        {
            Clients.Release(session);
            LinkBytes.Closed(connection);
            ClusterNode?.Release(session);
            _uploads.DropAll(session.SessionId);
            _log.Information("Client {ClientId} disconnected ({Reason})", session.Name ?? session.Address, reason?.Message ?? "closed");
        };
        _ = CloseIfSilentAsync(session);
    }

    // A peer that connects and never says hello must not hold a socket for ever.
    private async Task CloseIfSilentAsync(ClientSession session)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(_options.HelloTimeoutSeconds), session.Connection.Closing).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (session.Name is null)
        {
            _log.Information("Closing {Peer}: no hello within {Seconds} s (helloTimeoutSeconds)", session.Address, _options.HelloTimeoutSeconds);
            session.Connection.Close();
        }
    }

    /// <summary>Module calls from stubs running now (the console's <c>call</c> is not counted).</summary>
    public SimpleRpc.Hosting.InFlightCalls CallsInFlight => _handler.InFlight;

    /// <summary>
    /// The first half of a graceful stop: stops accepting stubs and refuses new calls, waits up
    /// to <paramref name="grace"/> for the calls in flight, then cancels the rest and gives them
    /// moments to answer. <see cref="DisposeAsync"/> then closes the sessions.
    /// </summary>
    /// <returns>How many calls were cancelled because the grace passed.</returns>
    public async Task<int> DrainAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        Readiness.Stopping();
        await _acceptor.DisposeAsync().ConfigureAwait(false);
        return await _handler.InFlight.DrainAsync(grace, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _gauges.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _restoring.ConfigureAwait(false);
        if (_idleSweep is not null)
        {
            await _idleSweep.DisposeAsync().ConfigureAwait(false);
        }

        await _acceptor.DisposeAsync().ConfigureAwait(false);
        foreach (var session in Clients.Snapshot())
        {
            session.Connection.Close();
        }

        if (Workers is not null)
        {
            await Workers.DisposeAsync().ConfigureAwait(false);
        }

        if (ClusterNode is not null)
        {
            await ClusterNode.DisposeAsync().ConfigureAwait(false);
        }

        await Compiles.DisposeAsync().ConfigureAwait(false);
    }
}
