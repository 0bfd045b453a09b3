namespace SimpleRpc.Server;

/// <summary>
/// The server's settings, read from <c>conf/server.json</c> (or <c>-c NAME</c>) and overridden
/// by command-line options. Every limit is here with its default; docs/configuration.md lists them.
/// </summary>
public sealed class ServerOptions : SimpleRpc.Hosting.Configuration.IProcessOptions
{
    /// <summary>Address to listen on. Default <c>127.0.0.1</c>; use <c>::1</c> for IPv6 loopback.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 lets the OS choose (the chosen one is printed). Default 5050.</summary>
    public int Port { get; set; } = 5050;

    /// <summary>Turns the interactive console on. Default off.</summary>
    public bool Shell { get; set; }

    /// <summary>Folder where the server keeps its modules (source, compiled bytes, manifest). Default <c>data/server</c>.</summary>
    public string DataDir { get; set; } = Path.Combine("data", "server");

    /// <summary>
    /// The keys stubs present and the role each grants (call, publish, admin). Empty: the server
    /// refuses to start unless <see cref="Insecure"/>, and then every client is admin (it says so in its log).
    /// </summary>
    public List<Sessions.ClientKey> Keys { get; set; } = [];

    /// <summary>
    /// Lets the server start with no <see cref="Keys"/>: every client may then call, publish and
    /// unregister any module. For development on one machine only. Default false: without keys
    /// the server refuses to start (<see cref="NoKeysMessage"/>).
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>Why a server with no keys and no <see cref="Insecure"/> does not start, and what to do.</summary>
    public const string NoKeysMessage =
        "the server has no keys, so anyone who can reach it could run code on this machine as you. Make a conf with fresh keys: " +
        "simplerpc-server init (writes conf/server.json, and conf/default.json for a stub that may publish); or list \"keys\" in the conf " +
        "(docs/configuration.md); or, for development on this machine only, start it with --insecure (conf: \"insecure\": true).";

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
    /// On Ctrl+C or SIGTERM, seconds the module calls in flight may take to finish before they
    /// are cancelled; new calls are refused meanwhile. Default 10.
    /// </summary>
    public int ShutdownGraceSeconds { get; set; } = 10;

    /// <summary>Longest JSON-RPC line accepted, in bytes. Default 4 MiB.</summary>
    public int MaxFrameBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest module source accepted, in bytes. Default 1 MiB.</summary>
    public int MaxModuleBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest upload chunk accepted (decoded), in bytes. Default 256 KiB.</summary>
    public int MaxChunkBytes { get; set; } = 256 * 1024;

    /// <summary>Uploads that may be open at once, across all clients. Default 16.</summary>
    public int MaxOpenUploads { get; set; } = 16;

    /// <summary>Seconds an upload may stay open between its begin and its commit. Default 60.</summary>
    public int UploadTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Seconds one compile of a module may take (an upload's, or a stored module's at start); past
    /// it the compile is cancelled and the module refused (SRPC1007). Default 30.
    /// </summary>
    public int CompileTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Where modules are compiled: <c>process</c> (in a compile process the server starts from its
    /// own executable and recycles, so Roslyn's code and heaps never grow the server, and a compile
    /// past its deadline is killed) or <c>inProcess</c> (Roslyn inside the server). Default <c>process</c>.
    /// </summary>
    public string CompileIsolation { get; set; } = "process";

    /// <summary>Compiles one compile process runs before it is replaced by a new one (<c>compileIsolation: process</c>). Default 50.</summary>
    public int CompileRecycleAfter { get; set; } = 50;

    /// <summary>Seconds without a compile after which the compile process is stopped (the next compile starts a new one); 0: never. Default 60.</summary>
    public int CompileIdleSeconds { get; set; } = 60;

    /// <summary>The managed heap limit of the compile process, in MiB: a module that makes the compiler allocate past it is refused (SRPC1008). Default 1024.</summary>
    public int CompileMemoryLimitMB { get; set; } = 1024;

    /// <summary>Seconds a call may run when the caller names no deadline. Default 30.</summary>
    public int CallTimeoutSeconds { get; set; } = 30;

    /// <summary>The longest deadline a caller may ask for (<c>timeoutMs</c>), in seconds. Default 300.</summary>
    public int MaxCallTimeoutSeconds { get; set; } = 300;

    /// <summary>Calls one connection may have waiting. Default 10,000.</summary>
    public int MaxPendingCalls { get; set; } = 10_000;

    /// <summary>Deepest JSON nesting accepted in a message, 1 to 64. Default 64.</summary>
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>Bytes the server may have queued for a client that is not reading before it drops it. Default 64 MiB.</summary>
    public long MaxQueuedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Module calls one connection may have running at once. Default 1,000.</summary>
    public int MaxCallsPerConnection { get; set; } = 1000;

    /// <summary>Seconds without any message from a client before its connection is closed; stubs send heartbeats. Default 90.</summary>
    public int IdleTimeoutSeconds { get; set; } = 90;

    /// <summary>
    /// Hellos without a valid key one remote address may send within a minute; past it every hello
    /// from that address is refused (-32005) until the minute is over. 0: no limit. Default 20.
    /// </summary>
    public int MaxFailedHellosPerMinute { get; set; } = 20;

    /// <summary>Seconds a connection has to say hello before it is closed. Default 10.</summary>
    public int HelloTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Where module code runs: <c>process</c> (each module in a worker process the server starts,
    /// limits and restarts) or <c>inProcess</c> (inside the server: faster, for development only;
    /// docs/security.md says what it gives up). Default <c>process</c>.
    /// </summary>
    public string Isolation { get; set; } = "process";

    /// <summary>
    /// Microseconds a reading thread (of a stub's connection, or at either end of a worker's pipes)
    /// that has taken everything there was keeps looking for more before it sleeps, 0 to 1000: a
    /// reply that comes within it finds the thread awake instead of paying for waking it on another
    /// CPU. Null (the default): 50 with <c>isolation: process</c>, where it paid, and 0 with
    /// <c>inProcess</c>, where it cost (bench/README.md).
    /// </summary>
    public int? ReadSpinMicroseconds { get; set; }

    /// <summary>The managed heap limit of each module's worker process, in MiB (DOTNET_GCHeapHardLimit). Default 512.</summary>
    public int WorkerMemoryLimitMB { get; set; } = 512;

    /// <summary>Worker ends the module caused (a crash, or killed past a deadline; not a kill from outside) within <see cref="WorkerCrashWindowSeconds"/> that mark a module failed. Default 3.</summary>
    public int WorkerMaxCrashes { get; set; } = 3;

    /// <summary>The window in which <see cref="WorkerMaxCrashes"/> are counted, in seconds. Default 60.</summary>
    public int WorkerCrashWindowSeconds { get; set; } = 60;

    /// <summary>
    /// Seconds a module marked failed (<see cref="WorkerMaxCrashes"/>) waits before its next call is
    /// tried in a new worker; doubled each time it fails again, up to an hour. Default 30.
    /// </summary>
    public int WorkerFailedCooldownSeconds { get; set; } = 30;

    /// <summary>
    /// A worker whose resident memory (RSS) stays above this many MiB while none of its module's
    /// calls runs is stopped and replaced, to give back what a big call left behind; 0: never. Default 256.
    /// </summary>
    public int WorkerIdleRssLimitMB { get; set; } = 256;

    /// <summary>Seconds a worker process has to start and load its module before the call fails. Default 30.</summary>
    public int WorkerStartTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds without a call after which a module's worker process is stopped (the next call starts one); 0 keeps workers running. Default 300.</summary>
    public int WorkerIdleSeconds { get; set; } = 300;

    /// <summary>
    /// How modules map to worker processes: <c>module</c> (each module its own worker: a crash costs
    /// one module) or <c>publisher</c> (the modules one client registered share a worker: far less
    /// memory, but a crash, a kill or the heap limit is shared by them). Default <c>module</c>.
    /// </summary>
    public string WorkerSharing { get; set; } = "module";

    /// <summary>Worker processes kept started ahead of need, so that a module's first call does not wait for one to start; 0: none. Default 1.</summary>
    public int WorkerSpares { get; set; } = 1;

    /// <summary>
    /// Seconds of CPU a worker may use while none of its modules' calls runs (work a module left
    /// running after its call returned) before it is killed and replaced; counted like a crash. 0: never. Default 2.
    /// </summary>
    public double WorkerIdleCpuSeconds { get; set; } = 2;

    /// <summary>
    /// TLS for stubs (conf object <c>tls</c>: <c>certificatePath</c> to a PFX, optional
    /// <c>certificatePassword</c>). Null: plain TCP. The handshake must finish within <see cref="HelloTimeoutSeconds"/>. Default null.
    /// </summary>
    public SimpleRpc.Hosting.Configuration.TlsOptions? Tls { get; set; }

    /// <summary>
    /// The APIs modules may not use, one entry each: <c>N:Namespace</c>, <c>T:Type</c>,
    /// <c>M:Type.Method</c> (every overload, or one with a parameter list), <c>P:Type.Property</c>,
    /// then <c>;reason</c>. A leading <c>!</c> allows what a broader entry bans, and <c>@default</c>
    /// stands for the whole default list. Null (the default) means the default list
    /// (<c>ModulePolicy.DefaultEntries</c>); an empty list bans nothing.
    /// </summary>
    public List<string>? BannedApis { get; set; }

    /// <summary>
    /// The HTTP endpoint (conf object <c>dashboard</c>: <c>enabled</c>, <c>host</c>, <c>port</c>) that serves
    /// <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>. Default: on, at <c>127.0.0.1:5080</c>.
    /// </summary>
    public Dashboard.DashboardOptions? Dashboard { get; set; } = new();

    /// <summary>
    /// Span export (conf object <c>tracing</c>: <c>otlpEndpoint</c>, <c>otlpProtocol</c>); the workers
    /// export to the same collector. Null or no endpoint (the default): no spans.
    /// </summary>
    public SimpleRpc.Hosting.Configuration.TracingOptions? Tracing { get; set; }

    /// <summary>
    /// Makes this server one node of a cluster (conf object <c>cluster</c>: <c>id</c>, <c>redis</c>,
    /// <c>siloPort</c>; docs/cluster.md). Null: the server runs alone, with no Redis. Default null.
    /// </summary>
    public Cluster.ClusterNodeOptions? Cluster { get; set; }
}
