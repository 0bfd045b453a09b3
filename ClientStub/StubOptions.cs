namespace SimpleRpc.ClientStub;

/// <summary>
/// A stub's settings, read from <c>conf/default.json</c> (or <c>-c NAME</c>) and overridden by
/// command-line options.
/// </summary>
public sealed class StubOptions : SimpleRpc.Hosting.Configuration.IProcessOptions
{
    /// <summary>The client's name, unique on the server. Default <c>stub</c>.</summary>
    public string Name { get; set; } = "stub";

    /// <summary>The key this stub presents to the server; the server's conf gives it a role. Default none.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// Lets the stub start with no <see cref="Key"/>, for a server that runs with no keys (where
    /// every client is admin). Default false: without a key the stub refuses to start (<see cref="NoKeyMessage"/>).
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>Why a stub with no key and no <see cref="Insecure"/> does not start, and what to do.</summary>
    public const string NoKeyMessage =
        "this stub has no key, and a server that runs open would make it admin without a word. Give it a key from the server's conf: " +
        "--key, \"key\" in its conf, or SIMPLERPC_KEY (simplerpc-server init writes conf/default.json with one); or, to reach a server " +
        "started with --insecure, start the stub with --insecure too.";

    /// <summary>The server's endpoint. Default <c>127.0.0.1:5050</c>.</summary>
    public string Server { get; set; } = "127.0.0.1:5050";

    /// <summary>
    /// Several nodes of one cluster (docs/cluster.md), tried in order at start and in turn when the
    /// link is lost; when set it replaces <see cref="Server"/> (and <c>--server</c> replaces it). Default null.
    /// </summary>
    public List<string>? Servers { get; set; }

    /// <summary>Address apps connect to. Default <c>127.0.0.1</c> (loopback only).</summary>
    public string AppHost { get; set; } = "127.0.0.1";

    /// <summary>Port apps connect to; 0 lets the OS choose (the chosen one is printed). Default 5151.</summary>
    public int AppPort { get; set; } = 5151;

    /// <summary>Folder the stub writes proxies into. Default <c>proxies/&lt;name&gt;</c>.</summary>
    public string? ProxyDir { get; set; }

    /// <summary>Turns the interactive console on. Default off.</summary>
    public bool Shell { get; set; }

    /// <summary>Minimum log level. Default Information.</summary>
    public string LogLevel { get; set; } = "Information";

    /// <summary>A file to log to as well as standard error, or null.</summary>
    public string? LogFile { get; set; }

    /// <summary>
    /// Logging in full (conf object <c>logging</c>: <c>level</c>, <c>overrides</c>, <c>console</c>,
    /// <c>file</c>); <see cref="LogLevel"/> and <see cref="LogFile"/> are its shorthands. Default null.
    /// </summary>
    public SimpleRpc.Hosting.Logging.LoggingOptions? Logging { get; set; }

    /// <summary>
    /// On Ctrl+C or SIGTERM, seconds the apps' calls in flight may take to finish before the
    /// link to the server closes (failing them); new calls are refused meanwhile. Default 10.
    /// </summary>
    public int ShutdownGraceSeconds { get; set; } = 10;

    /// <summary>
    /// When nothing has come from the server for this many seconds, the stub sends it a
    /// <c>simplerpc/ping</c> that it must answer (the stub also pings at least three times per
    /// server idle timeout). Default 10.
    /// </summary>
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>
    /// Seconds the server has to answer a heartbeat (and, when connecting, to accept the
    /// connection and answer the hello and the sync); past it the link counts as lost: calls in
    /// flight fail with -32031 and the stub reconnects. Default 10.
    /// </summary>
    public int HeartbeatTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Bytes per upload chunk (before base64), at most the server's <c>maxChunkBytes</c>. Default
    /// 256 KiB, the server's default limit: a chunk's line is then ~350 KB, well within the frame limits.
    /// </summary>
    public int ChunkBytes { get; set; } = 256 * 1024;

    /// <summary>The largest <see cref="UploadWindow"/> accepted.</summary>
    public const int MaxUploadWindow = 64;

    /// <summary>
    /// Upload chunks in flight at once (<c>uploadWindow</c>): the stub sends the next chunk when the
    /// oldest is acknowledged. 1 waits for each chunk's answer. Default 4; 1 to <see cref="MaxUploadWindow"/>.
    /// </summary>
    public int UploadWindow { get; set; } = Link.ModuleUploader.DefaultWindow;

    /// <summary>Longest JSON-RPC line accepted, in bytes. Default 4 MiB.</summary>
    public int MaxFrameBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Microseconds a reading thread (of an app's connection, or of the server link) that has taken
    /// everything there was keeps looking for more before it sleeps, 0 to 1,000 (<see cref="SimpleRpc.Rpc.JsonRpcConnectionOptions.MaxReadSpinMicroseconds"/>):
    /// a message that comes within it finds the thread awake, and a CPU kept awake wakes the next
    /// thread cheaply. It costs CPU when calls come one at a time (bench/README.md). Default 50.
    /// </summary>
    public int ReadSpinMicroseconds { get; set; } = SimpleRpc.Rpc.JsonRpcConnectionOptions.DefaultReadSpinMicroseconds;

    /// <summary>The connection options every link of the stub reads with: its frame limit and read spin.</summary>
    internal SimpleRpc.Rpc.JsonRpcConnectionOptions ConnectionOptions => new()
    {
        MaxFrameBytes = MaxFrameBytes,
        DedicatedReadThreads = StubService.ReaderThreads,
        ReadSpin = TimeSpan.FromMicroseconds(ReadSpinMicroseconds),
    };

    /// <summary>
    /// TLS to the server (conf object <c>tls</c>: <c>enabled</c>, optional <c>serverName</c> and
    /// <c>trustedCertificatePath</c>). Null or not enabled: plain TCP. Default null.
    /// </summary>
    public SimpleRpc.Hosting.Configuration.TlsOptions? Tls { get; set; }

    /// <summary>
    /// Span export (conf object <c>tracing</c>: <c>otlpEndpoint</c>, <c>otlpProtocol</c>). Null or no
    /// endpoint (the default): no spans.
    /// </summary>
    public SimpleRpc.Hosting.Configuration.TracingOptions? Tracing { get; set; }

    /// <summary>
    /// The HTTP endpoint (conf object <c>dashboard</c>: <c>enabled</c>, <c>host</c>, <c>port</c>) with
    /// <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>. Default off.
    /// </summary>
    public Diagnostics.StubEndpointOptions? Dashboard { get; set; } = new();

    /// <summary>Checks the values that have a range.</summary>
    /// <exception cref="SimpleRpc.Hosting.Configuration.ConfException">A value is out of its range (the message names the key).</exception>
    public void Validate()
    {
        if (ShutdownGraceSeconds < 0)
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException($"shutdownGraceSeconds is {ShutdownGraceSeconds}; it must be 0 or more.");
        }

        if (HeartbeatSeconds < 1)
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException($"heartbeatSeconds is {HeartbeatSeconds}; it must be at least 1.");
        }

        if (HeartbeatTimeoutSeconds < 1)
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException($"heartbeatTimeoutSeconds is {HeartbeatTimeoutSeconds}; it must be at least 1.");
        }

        if (ChunkBytes < 1)
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException($"chunkBytes is {ChunkBytes}; it must be at least 1.");
        }

        if (ReadSpinMicroseconds is < 0 or > SimpleRpc.Rpc.JsonRpcConnectionOptions.MaxReadSpinMicroseconds)
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException($"readSpinMicroseconds is {ReadSpinMicroseconds}; it must be 0 (no spin) to {SimpleRpc.Rpc.JsonRpcConnectionOptions.MaxReadSpinMicroseconds}.");
        }

        if (UploadWindow is < 1 or > MaxUploadWindow)
        {
            throw new SimpleRpc.Hosting.Configuration.ConfException($"uploadWindow is {UploadWindow}; it must be 1 to {MaxUploadWindow}.");
        }
    }

    /// <summary>The proxy folder to use: <see cref="ProxyDir"/> or <c>proxies/&lt;name&gt;</c>.</summary>
    public string EffectiveProxyDir => Path.GetFullPath(ProxyDir ?? Path.Combine("proxies", Name));
}
