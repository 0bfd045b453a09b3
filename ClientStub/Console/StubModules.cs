using Newtonsoft.Json.Linq;
using SimpleRpc.ClientStub.Link;
using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.Hosting.Shell;
using SimpleRpc.Protocol;
using SimpleRpc.Protocol.Messages;

namespace SimpleRpc.ClientStub.Console;

/// <summary>
/// The stub console's <c>modules</c>: each module this stub has a proxy for or the server has,
/// with both versions and whether they match; a table, or JSON with <c>--json</c> (for scripts:
/// <c>simplerpc-stub modules --json</c>).
/// </summary>
public static class StubModules
{
    /// <summary>Prints the modules on <paramref name="shell"/>; <paramref name="arguments"/> is empty or <c>--json</c>.</summary>
    public static async Task PrintAsync(ConsoleShell shell, ServerLink server, ProxyFolder proxies, string arguments)
    {
        var json = arguments == "--json";
        if (!json && arguments.Length > 0)
        {
            shell.Fail("usage: modules [--json]");
            return;
        }

        var local = proxies.Read();
        var remote = (await server.InvokeAsync<List<ModuleInfo>>(Methods.ListModules, null, CancellationToken.None).ConfigureAwait(false))!;
        var rows = local.Keys.Union(remote.Select(m => m.Name)).Order(StringComparer.Ordinal).Select(name =>
        {
            var module = remote.FirstOrDefault(m => m.Name == name);
            int? localVersion = local.TryGetValue(name, out var proxy) ? proxy.Version : null;
            var state = module is null ? "removed on server" : localVersion is null ? "missing" : proxy!.Checksum == module.Checksum ? "in sync" : "out of date";
            return (Name: name, Local: localVersion, Module: module, State: state);
        }).ToList();
        if (json)
        {
            shell.Write(new JArray(rows.Select(r => new JObject
            {
                ["name"] = r.Name,
                ["localVersion"] = r.Local,
                ["serverVersion"] = r.Module?.Version,
                ["state"] = r.State,
                ["functions"] = new JArray(r.Module?.Functions ?? []),
            })).ToString());
            return;
        }

        shell.WriteTable(
            ["MODULE", "LOCAL", "SERVER", "STATE", "FUNCTIONS"],
            rows.Select(r => (IReadOnlyList<string>)[r.Name, r.Local is { } v ? "v" + v : "-", r.Module is null ? "-" : "v" + r.Module.Version, r.State, r.Module is null ? string.Empty : string.Join("; ", r.Module.Functions)]).ToList(),
            "No modules.",
            cell => cell switch
            {
                "in sync" => "green",
                "out of date" or "missing" => "yellow",
                "removed on server" => "red",
                _ => null,
            });
        shell.Write("Proxy folder: " + proxies.Path);
    }
}
