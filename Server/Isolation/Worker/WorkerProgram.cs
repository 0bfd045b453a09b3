using Serilog;
using SimpleRpc.Hosting.Logging;
using Serilog.Events;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Isolation.Worker;

/// <summary>
/// <c>SimpleRpc.Server --worker &lt;module&gt;</c>: the process one module runs in. The server starts
/// it, speaks JSON-RPC with it over standard input and output, and kills it when a call will not
/// stop; standard error carries its log lines (and anything a module prints) to the server's log.
/// </summary>
public static class WorkerProgram
{
    /// <summary>The command-line switch that selects worker mode.</summary>
    public const string Switch = "--worker";

    /// <summary>Serves until the server closes standard input; returns the exit code.</summary>
    /// <param name="args"><c>--worker &lt;module&gt; [&lt;log level&gt; [&lt;read spin, µs&gt;]]</c>.</param>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var module = args.Length > 1 ? args[1] : "module";
        var level = ChildStdio.LevelOf(args, 2);
        var readSpin = args.Length > 3 && int.TryParse(args[3], System.Globalization.CultureInfo.InvariantCulture, out var spin) && spin > 0 ? TimeSpan.FromMicroseconds(spin) : TimeSpan.Zero;

        // A worker ends when the server closes its input (or kills it), so that the server can
        // let calls in flight finish first (shutdownGraceSeconds); what a module prints goes to
        // standard error.
        using var child = ChildStdio.Open(level);
        var log = child.Log;

        // The server logs each call's outcome with the caller's name (the worker knows only the
        // server): the worker's dispatcher adds its warnings, or everything when debugging.
        using var callLog = new LoggerConfiguration()
            .MinimumLevel.Is(level < LogEventLevel.Information ? level : LogEventLevel.Warning)
            .WriteTo.Logger(log)
            .CreateLogger();
        using var tracing = Diagnostics.TracingSetup.Start(Diagnostics.TracingSetup.FromEnvironment(), "simplerpc-worker", SimpleRpc.Diagnostics.RpcTracing.WorkerSourceName);
        var modules = new WorkerModuleTable(log);
        JsonRpcConnection? connection = null;
        var invoker = new InProcessInvoker(modules, callLog)
        {
            CallStillRunning = method => connection?.Notify(WorkerMethods.CallStillRunning, new WorkerCallStillRunning(method)),

            // The link has a reader thread of its own, and the server stops a worker whose
            // reader a function holds past its call's deadline and backstop.
            RunsFastCallsInline = true,
        };
        var dispatcher = new CallDispatcher(invoker, TimeSpan.FromSeconds(30), TimeSpan.FromDays(1));
        var options = new JsonRpcConnectionOptions { MaxFrameBytes = WorkerLink.MaxFrameBytes, MaxPendingRequests = int.MaxValue, MaxQueuedBytes = 1L << 30, DedicatedReadThreads = 1, ReadSpin = readSpin };

        // The server's messages come on standard input, descriptor 0 (the stream reads a copy of it).
        using var inputHandle = new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false);
        connection = new JsonRpcConnection(new DuplexStream(child.Input, child.Output, writesInline: true, inputHandle), options, log.ForExtensions<JsonRpcConnection>(), "server");
        var handler = new WorkerRequestHandler(modules, dispatcher);
        connection.RequestHandler = handler.HandleAsync;
        connection.Closing.Register(handler.CancelAll);
        connection.Start();
        log.Debug("Worker for {ModuleName} started as process {ProcessId}", module, Environment.ProcessId);
        if (module == WorkerLink.Spare)
        {
            // A spare has time: it compiles what a module's first call needs before it comes.
            _ = Task.Run(() => WorkerWarmUp.Run(dispatcher, log));
        }

        await connection.Completion.ConfigureAwait(false);
        log.Debug("Worker for {ModuleName} stopping: the server closed the link", module);
        return 0;
    }
}
