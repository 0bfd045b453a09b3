using SimpleRpc.ClientStub.Link;
using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.ConsoleScripting;
using SimpleRpc.Hosting.Shell;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;
using SimpleRpc.Rpc;

namespace SimpleRpc.ClientStub.Console;

/// <summary>The stub's interactive console: clients, messages, modules, registering modules and the stub's memory.</summary>
public static class StubConsole
{
    /// <summary>Adds the stub's commands to <paramref name="shell"/>.</summary>
    public static ConsoleShell AddStubCommands(this ConsoleShell shell, ServerLink server, ProxyFolder proxies, ModuleUploader uploader)
    {
        shell.Add("clients", string.Empty, "List the clients connected to the server.", async _ =>
        {
            var clients = await server.InvokeAsync<List<ClientInfo>>(Methods.ListClients, null, CancellationToken.None).ConfigureAwait(false);
            // A cluster's nodes name the node each client is on (docs/cluster.md); a lone server does not.
            var clustered = clients!.Any(c => c.Node is not null);
            var rows = clients!.Select(c => (IReadOnlyList<string>)[c.Name + (c.Name == server.Name ? " (this stub)" : string.Empty), c.Address, c.ConnectedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), .. clustered ? [c.Node ?? string.Empty] : Array.Empty<string>()]).ToList();
            shell.WriteTable(clustered ? ["NAME", "ADDRESS", "CONNECTED", "NODE"] : ["NAME", "ADDRESS", "CONNECTED"], rows, "No clients are connected.");
        });
        shell.Add("msg", "<client> <text>", "Send a message to another client.", async arguments =>
        {
            var parts = arguments.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || parts[1].Length == 0)
            {
                shell.Fail("usage: msg <client> <text>");
                return;
            }

            await server.InvokeAsync<bool>(Methods.SendMessage, new SendMessageRequest(parts[0], parts[1]), CancellationToken.None).ConfigureAwait(false);
            shell.Write($"Sent to {parts[0]}.");
        });
        shell.Add("modules", "[--json]", "List local proxies and whether each matches the server; --json prints them as JSON.", arguments => StubModules.PrintAsync(shell, server, proxies, arguments));
        shell.Add("unregister", "<module>", "Remove a module you registered from the server and every stub.", async name =>
        {
            await server.InvokeAsync<bool>(Methods.Unregister, new UnregisterRequest(name), CancellationToken.None).ConfigureAwait(false);
            shell.Write($"Unregistered {name}.");
        }, typed => ModuleNames(proxies, typed, string.Empty));
        Func<string, Task> register = path => RegisterAsync(shell, uploader, path);
        Func<string, IReadOnlyList<string>> paths = typed => PathCompleter.Complete(typed, ".cs");
        shell.Add("rm:", "<path> [--breaking]", "Register a module file (same as 'register').", register, paths);
        shell.Add("register", "<path> [--breaking]", "Upload a .cs module; the server compiles it and pushes its proxy. --breaking publishes a version that breaks callers.", register, paths);
        shell.Add("stats", string.Empty, "Show this stub's memory: bytes allocated since it started, managed heap, working set.", _ =>
        {
            shell.Write(StubStats.Capture().ToString());
            return Task.CompletedTask;
        });

        // Made on the first call, so Roslyn's scripting assemblies load only if call is used.
        StubCallEvaluator? calls = null;
        shell.Add("call", "<module>.<Function>(<args>)", "Call a module function through the server; the arguments are C# expressions.", async text =>
        {
            calls ??= new StubCallEvaluator(server);
            var (method, reply) = await calls.SendAsync(text, CancellationToken.None).ConfigureAwait(false);
            var line = ConsoleCallScript.FormatReply(method, reply);
            if (reply.Error is null)
            {
                shell.Write(line);
            }
            else
            {
                shell.Fail(line);
            }
        }, typed => ModuleNames(proxies, typed, "."));
        return shell;
    }

    // Tab after unregister or call: the modules this stub has proxies for.
    private static List<string> ModuleNames(ProxyFolder proxies, string typed, string suffix)
    {
        try
        {
            return proxies.Read().Keys.Where(n => n.StartsWith(typed, StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(n => n + suffix).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static async Task RegisterAsync(ConsoleShell shell, ModuleUploader uploader, string arguments)
    {
        var (path, breaking) = RegisterArguments.Parse(arguments);
        if (path.Length == 0)
        {
            shell.Fail("usage: register <path> [--breaking]   (or rm:<path>)");
            return;
        }

        // A bar on a terminal, plain lines when redirected (ConsoleShell.StartTransferAsync); once
        // the last chunk is sent the server compiles, and the bar says so. Disposing it twice is
        // harmless: each outcome removes the bar before it prints.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var shown = await shell.StartTransferAsync(ModuleUploader.ModuleNameOf(path)).ConfigureAwait(false);
        var progress = new SynchronousProgress<(long Sent, long Total)>(p =>
        {
            shown.Report(p.Sent, p.Total);
            if (p.Sent >= p.Total)
            {
                shown.Compiling();
            }
        });
        try
        {
            var module = await uploader.UploadAsync(path, breaking, progress, CancellationToken.None).ConfigureAwait(false);
            await shown.DisposeAsync().ConfigureAwait(false);
            foreach (var warning in module.Warnings ?? [])
            {
                shell.Write(warning);
            }

            var broke = module.BrokeCompatibility == true ? "; it broke compatibility (--breaking)" : string.Empty;
            shell.Write($"Registered {module.Name} v{module.Version} ({module.Functions.Count} functions, sha256 {module.Checksum[..12]}) in {watch.ElapsedMilliseconds} ms{broke}.");
            foreach (var change in module.Changes ?? [])
            {
                shell.Write("  " + change);
            }
        }
        catch (RpcException ex) when (ex.Code == RpcErrorCodes.BreakingChange)
        {
            await shown.DisposeAsync().ConfigureAwait(false);
            shell.Fail(ex.Message);
            foreach (var line in RegisterArguments.Describe(new RpcError(ex.Code, ex.Message, ex.DataJson).ReadData<BreakingChangeData>()))
            {
                shell.Write(line);
            }
        }
        catch (RpcException ex) when (ex.Code == RpcErrorCodes.CompileFailed)
        {
            await shown.DisposeAsync().ConfigureAwait(false);
            shell.Fail(ex.Message);
            foreach (var line in new RpcError(ex.Code, ex.Message, ex.DataJson).ReadData<CompileFailedData>()?.Diagnostics ?? [])
            {
                shell.Write(line);
            }
        }
    }
}
