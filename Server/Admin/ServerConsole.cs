using SimpleRpc.Hosting.Shell;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;

namespace SimpleRpc.Server.Admin;

/// <summary>The server's interactive console: clients, messages and modules.</summary>
public static class ServerConsole
{
    /// <summary>Adds the server's commands to <paramref name="shell"/>.</summary>
    public static ConsoleShell AddServerCommands(this ConsoleShell shell, ServerHost host)
    {
        shell.Add("clients", string.Empty, "List the connected clients.", async _ =>
        {
            if (host.ClusterNode is { } node)
            {
                // Every node's stubs, with their node (docs/cluster.md).
                var all = await node.ListClientsAsync(CancellationToken.None).ConfigureAwait(false);
                var clusterRows = all.Select(c => (IReadOnlyList<string>)[c.Name, c.SessionId, c.Address, c.ConnectedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), c.Node ?? string.Empty]).ToList();
                shell.WriteTable(["NAME", "SESSION", "ADDRESS", "CONNECTED", "NODE"], clusterRows, "No clients are connected.");
                return;
            }

            var rows = host.Clients.Snapshot().Select(s => (IReadOnlyList<string>)[s.Name!, s.SessionId, s.Address, s.ConnectedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)]).ToList();
            shell.WriteTable(["NAME", "SESSION", "ADDRESS", "CONNECTED"], rows, "No clients are connected.");
        });
        shell.Add("msg", "<client> <text>", "Send a message to a client.", async arguments =>
        {
            var parts = arguments.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || parts[1].Length == 0)
            {
                shell.Write("usage: msg <client> <text>");
                return;
            }

            var message = new ChatMessage("server", parts[1], DateTimeOffset.UtcNow);
            var target = host.Clients.Find(parts[0]);
            if (target is not null)
            {
                target.Connection.Notify(Methods.MessageReceived, message);
                shell.Write($"Sent to {target.Name}.");
            }
            else if (host.ClusterNode is { } node && await node.DeliverAsync(message, parts[0], CancellationToken.None).ConfigureAwait(false))
            {
                shell.Write($"Sent to {parts[0]} on another node.");
            }
            else
            {
                shell.Write($"No client named '{parts[0]}' is connected.");
            }
        });
        shell.Add("modules", string.Empty, "List the hosted modules.", _ =>
        {
            var rows = host.Modules.Snapshot().Select(m => (IReadOnlyList<string>)[
                m.Name, "v" + m.Info.Version, m.Info.Checksum[..12], m.Info.RegisteredBy,
                m.Info.RegisteredAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), string.Join("; ", m.Info.Functions)]).ToList();
            shell.WriteTable(["MODULE", "VERSION", "CHECKSUM", "BY", "REGISTERED", "FUNCTIONS"], rows, "No modules are registered.");
            return Task.CompletedTask;
        });
        shell.Add("uploads", string.Empty, "List the uploads in progress.", _ =>
        {
            var sessions = host.Clients.Snapshot().ToDictionary(c => c.SessionId, c => c.Name ?? c.SessionId);
            var rows = host.Uploads.Snapshot().Select(u => (IReadOnlyList<string>)[
                u.Module, sessions.GetValueOrDefault(u.Owner, u.Owner), $"{u.Received}/{u.Size}", $"{u.Age.TotalSeconds:0} s"]).ToList();
            shell.WriteTable(["MODULE", "CLIENT", "BYTES", "OPEN FOR"], rows, "No uploads in progress.");
            return Task.CompletedTask;
        });
        shell.Add("workers", string.Empty, "List the modules' worker processes (isolation: process).", _ =>
        {
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            var rows = (host.Workers?.Snapshot() ?? []).Select(w => (IReadOnlyList<string>)[
                w.SharedByPublisher ? $"{w.Module} ({w.Modules.Count} modules)" : w.Module, w.ProcessId?.ToString(invariant) ?? "-", w.Failure is null ? (w.ProcessId is null ? "idle" : "running") : "FAILED",
                w.ActiveCalls.ToString(invariant), w.Starts.ToString(invariant), w.Crashes.ToString(invariant), w.IdleCpuKills.ToString(invariant)]).ToList();
            if (host.Workers is null)
            {
                shell.Write("Modules run inside the server (isolation: inProcess); there are no worker processes.");
                return Task.CompletedTask;
            }

            shell.WriteTable(["MODULE", "PID", "STATE", "CALLS", "STARTS", "CRASHES", "IDLE-CPU KILLS"], rows, "No module has been called yet; workers start on a module's first call.", cell => cell switch
            {
                "FAILED" => "red",
                "running" => "green",
                _ => null,
            });
            return Task.CompletedTask;
        });
        shell.Add("reset", "<module>", "Let a failed module run again (its next call starts a worker).", name =>
        {
            shell.Write(host.Workers is null
                ? "Modules run inside the server (isolation: inProcess); no module can be failed."
                : host.Workers.Reset(name)
                    ? $"Reset {name}: its next call starts a worker."
                    : host.Modules.Find(name) is null
                        ? $"No module '{name}' is registered."
                        : $"Module '{name}' is not failed.");
            return Task.CompletedTask;
        });
        shell.Add("unregister", "<module>", "Remove a module from the server and every stub.", async name =>
            shell.Write(await host.Modules.RemoveAsync(name, requestedBy: null, mayRemoveOthers: true, CancellationToken.None).ConfigureAwait(false)
                ? $"Unregistered {name}."
                : $"No module '{name}' is registered."));
        shell.Add("stats", string.Empty, "Show modules, load contexts, assemblies and memory.", _ =>
        {
            shell.Write(ServerStats.Capture(host).ToString());
            return Task.CompletedTask;
        });
        var evaluator = new ConsoleCallEvaluator(host.Dispatcher);
        shell.Add("call", "<module>.<Function>(<args>)", "Call a module function; the arguments are C# expressions.", async text =>
            shell.Write(await evaluator.CallAsync(text, CancellationToken.None).ConfigureAwait(false)));
        return shell;
    }
}
