using SimpleRpc.Rpc;

namespace SimpleRpc.Server.Isolation.Host;

/// <summary>How the server starts and limits module worker processes (from <see cref="ServerOptions"/>).</summary>
/// <param name="MemoryLimitMB">The managed heap limit of each worker (<c>workerMemoryLimitMB</c>).</param>
/// <param name="MaxCrashes">Abnormal ends within <paramref name="CrashWindow"/> that mark a module failed (<c>workerMaxCrashes</c>).</param>
/// <param name="CrashWindow">The window for <paramref name="MaxCrashes"/> (<c>workerCrashWindowSeconds</c>).</param>
/// <param name="StartTimeout">How long a worker may take to start and load its module (<c>workerStartTimeoutSeconds</c>).</param>
/// <param name="LogLevel">The workers' minimum log level (the server's <c>logLevel</c>).</param>
/// <param name="IdleAfter">A worker without a call for this long is stopped (<c>workerIdleSeconds</c>); zero: never.</param>
/// <param name="FailedCooldown">How long a failed module waits before it is tried again, doubled each time it fails again (<c>workerFailedCooldownSeconds</c>).</param>
/// <param name="IdleRssLimitMB">A worker whose resident memory stays above this many MiB while none of its calls runs is replaced (<c>workerIdleRssLimitMB</c>); zero: never.</param>
public sealed record WorkerSettings(int MemoryLimitMB, int MaxCrashes, TimeSpan CrashWindow, TimeSpan StartTimeout, string LogLevel, TimeSpan IdleAfter, TimeSpan FailedCooldown, int IdleRssLimitMB)
{
    private const string PublisherPrefix = "publisher:";

    /// <summary>The server's <c>tracing</c>: a worker exports its spans to the same collector. Null: off.</summary>
    public SimpleRpc.Hosting.Configuration.TracingOptions? Tracing { get; init; }

    /// <summary>True when the modules one client registered share a worker (<c>workerSharing: publisher</c>); false: a worker per module.</summary>
    public bool SharePerPublisher { get; init; }

    /// <summary>Workers kept started ahead of need (<c>workerSpares</c>).</summary>
    public int Spares { get; init; } = 1;

    /// <summary>How long each end of a worker's pipes spins before its reading thread sleeps (<see cref="ReadSpinOf"/>); zero: no spin.</summary>
    public TimeSpan ReadSpin { get; init; }

    /// <summary>CPU a worker may use while none of its calls runs before it is killed and replaced (<c>workerIdleCpuSeconds</c>); zero: no limit.</summary>
    public TimeSpan IdleCpuBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The key of the worker that runs <paramref name="module"/>: its own name, or with
    /// <see cref="SharePerPublisher"/> its publisher's (<c>publisher:&lt;client&gt;</c>, never a module name: a module name has no colon).
    /// </summary>
    public string WorkerKeyOf(string module, string publisher) => SharePerPublisher ? PublisherPrefix + publisher : module;

    /// <summary>The publisher's name in a key made by <see cref="WorkerKeyOf"/>, or the key itself (a module's name).</summary>
    public static string NameOf(string key) => key.StartsWith(PublisherPrefix, StringComparison.Ordinal) ? key[PublisherPrefix.Length..] : key;

    /// <summary>Reads the worker settings from the server's options.</summary>
    /// <exception cref="ArgumentException">A worker limit is out of range.</exception>
    public static WorkerSettings From(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.WorkerMemoryLimitMB < 32)
        {
            throw new ArgumentException($"workerMemoryLimitMB is {options.WorkerMemoryLimitMB}; a worker needs at least 32.");
        }

        if (options.WorkerMaxCrashes < 1 || options.WorkerCrashWindowSeconds < 1 || options.WorkerStartTimeoutSeconds < 1)
        {
            throw new ArgumentException("workerMaxCrashes, workerCrashWindowSeconds and workerStartTimeoutSeconds must be at least 1.");
        }

        if (options.WorkerFailedCooldownSeconds < 1)
        {
            throw new ArgumentException($"workerFailedCooldownSeconds is {options.WorkerFailedCooldownSeconds}; it must be at least 1.");
        }

        if (options.WorkerIdleRssLimitMB < 0)
        {
            throw new ArgumentException($"workerIdleRssLimitMB is {options.WorkerIdleRssLimitMB}; use 0 (no limit) or more.");
        }

        if (options.WorkerIdleSeconds < 0)
        {
            throw new ArgumentException($"workerIdleSeconds is {options.WorkerIdleSeconds}; use 0 (never stop idle workers) or more.");
        }

        var sharing = options.WorkerSharing.ToUpperInvariant() switch
        {
            "MODULE" => false,
            "PUBLISHER" => true,
            _ => throw new ArgumentException($"workerSharing is '{options.WorkerSharing}'; use \"module\" (the default) or \"publisher\"."),
        };
        if (options.WorkerSpares is < 0 or > 8)
        {
            throw new ArgumentException($"workerSpares is {options.WorkerSpares}; use 0 (none) to 8.");
        }

        if (options.WorkerIdleCpuSeconds < 0 || double.IsNaN(options.WorkerIdleCpuSeconds))
        {
            throw new ArgumentException($"workerIdleCpuSeconds is {options.WorkerIdleCpuSeconds}; use 0 (no limit) or more.");
        }

        return new WorkerSettings(
            options.WorkerMemoryLimitMB,
            options.WorkerMaxCrashes,
            TimeSpan.FromSeconds(options.WorkerCrashWindowSeconds),
            TimeSpan.FromSeconds(options.WorkerStartTimeoutSeconds),
            options.LogLevel,
            TimeSpan.FromSeconds(options.WorkerIdleSeconds),
            TimeSpan.FromSeconds(options.WorkerFailedCooldownSeconds),
            options.WorkerIdleRssLimitMB)
        {
            Tracing = options.Tracing,
            SharePerPublisher = sharing,
            Spares = options.WorkerSpares,
            IdleCpuBudget = TimeSpan.FromSeconds(options.WorkerIdleCpuSeconds),
            ReadSpin = ReadSpinOf(options),
        };
    }

    /// <summary>
    /// The server's <c>readSpinMicroseconds</c>, or when the conf names none, 50 µs with workers
    /// and none in-process: with a worker per module the CPUs are often idle between hand-offs and
    /// a spinning reader is woken without the hypervisor's help; in-process they are busy, and a
    /// spinning reader takes time from the thread that would send it bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The value is out of range, or <c>isolation</c> is unknown.</exception>
    public static TimeSpan ReadSpinOf(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var microseconds = options.ReadSpinMicroseconds ?? (UsesWorkers(options) ? JsonRpcConnectionOptions.DefaultReadSpinMicroseconds : 0);
        if (microseconds is < 0 or > JsonRpcConnectionOptions.MaxReadSpinMicroseconds)
        {
            throw new ArgumentException($"readSpinMicroseconds is {microseconds}; use 0 (no spin) to {JsonRpcConnectionOptions.MaxReadSpinMicroseconds}.");
        }

        return TimeSpan.FromMicroseconds(microseconds);
    }

    /// <summary>
    /// True when the conf's <c>isolation</c> is <c>process</c> (module calls run in workers), false
    /// for <c>inProcess</c> (case-insensitive).
    /// </summary>
    /// <exception cref="ArgumentException">Any other value.</exception>
    public static bool UsesWorkers(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Isolation.ToUpperInvariant() switch
        {
            "PROCESS" => true,
            "INPROCESS" => false,
            _ => throw new ArgumentException($"isolation is '{options.Isolation}'; use \"process\" (the default) or \"inProcess\"."),
        };
    }

    /// <summary>
    /// The program and leading arguments that start a worker: the executable this server runs as
    /// (its apphost, or the <c>simplerpc-server</c> tool shim) with <c>--worker</c>, or
    /// <c>dotnet exec SimpleRpc.Server.dll --worker</c> when it runs under the <c>dotnet</c> host
    /// (as <c>dotnet SimpleRpc.Server.dll</c>) or is hosted by another program (tests).
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Arguments) WorkerCommand()
    {
        var server = typeof(Worker.WorkerProgram).Assembly;
        var serverDll = server.Location;
        var processPath = Environment.ProcessPath;
        var isDotnetHost = processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet";
        if (processPath is not null && !isDotnetHost && System.Reflection.Assembly.GetEntryAssembly() == server)
        {
            return (processPath, [Worker.WorkerProgram.Switch]);
        }

        var dotnet = isDotnetHost && processPath is not null
            ? processPath
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return (dotnet, ["exec", serverDll, Worker.WorkerProgram.Switch]);
    }
}
