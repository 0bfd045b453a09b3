using System.CommandLine;
using SimpleRpc.ClientStub.Console;
using SimpleRpc.ClientStub.Link;
using SimpleRpc.ClientStub.Proxies;
using SimpleRpc.ConsoleScripting;
using SimpleRpc.Hosting.Shell;

namespace SimpleRpc.ClientStub;

/// <summary>
/// One-shot commands for scripts and CI: <c>simplerpc-stub register|unregister|modules|call …</c>
/// connect like the stub does (same conf and options), run one console command, print its result
/// and exit: 0 when it succeeded, 1 when it failed (a refused upload with its diagnostics, an
/// unknown module, a call's error with its code). The console's own command code runs them
/// (<see cref="StubConsole"/>); no app port is opened.
/// </summary>
public static class OneShotCommands
{
    private static readonly Argument<string> RegisterPath = new("path") { Description = "The module's .cs file." };
    private static readonly Option<bool> Breaking = new("--breaking") { Description = "Publish a version that breaks callers." };
    private static readonly Argument<string> ModuleName = new("module") { Description = "The module to remove." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the modules as a JSON array." };
    private static readonly Argument<string[]> CallWords = new("call") { Description = "module.Function followed by its arguments (C# expressions; every word after the function is one, -1 and --name too), or module.Function(args) in one word. Options go before the function.", Arity = ArgumentArity.OneOrMore };

    /// <summary>The subcommands, to add to the stub's root command.</summary>
    public static IReadOnlyList<Command> Commands { get; } =
    [
        new("register", "Upload a .cs module, print the server's answer (its diagnostics when refused) and exit; non-zero when refused.") { RegisterPath, Breaking },
        new("unregister", "Remove a module you registered from the server and exit; non-zero when refused.") { ModuleName },
        new("modules", "Print the server's modules and this stub's proxies of them, then exit.") { Json },
        new("call", "Call a module function (call z.Add 1 2), print its result and exit; non-zero with the error's code and message when it fails. The words after the function are its arguments: options go before it (simplerpc-stub call --name ci z.Add -1 2).") { CallWords },
    ];

    /// <summary>
    /// Adds the subcommands to <paramref name="commandLine"/>'s root and makes the options given
    /// so far recursive, so they work after a subcommand too (<c>register z.cs --server h:5050</c>).
    /// After <c>call</c>'s function every word is an argument of the call (<c>call z.Add -1 2</c>,
    /// <c>call z.Add 1 -n</c>): its options go before the function.
    /// </summary>
    public static void AddTo(Hosting.Configuration.CommandLine commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        foreach (var option in commandLine.Root.Options)
        {
            option.Recursive = true;
        }

        foreach (var command in Commands)
        {
            commandLine.Root.Add(command);
        }

        commandLine.TakeWordsAfterFirstArgument(Commands.Single(c => c.Name == "call"));
    }

    /// <summary>The console line that <paramref name="parsed"/> asks for, or null when it names no one-shot command (the stub runs).</summary>
    public static string? LineOf(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return parsed.CommandResult.Command.Name switch
        {
            "register" => "register " + parsed.GetValue(RegisterPath) + (parsed.GetValue(Breaking) ? " --breaking" : string.Empty),
            "unregister" => "unregister " + parsed.GetValue(ModuleName),
            "modules" => parsed.GetValue(Json) ? "modules --json" : "modules",
            "call" => "call " + CallText(parsed.GetValue(CallWords)!),
            _ => null,
        };
    }

    /// <summary>
    /// For a <c>call</c> whose arguments include words that name one of the stub's options
    /// (<c>call z.Add 1 2 --name ci</c>), a line that says options go before the function; else null.
    /// </summary>
    public static string? CallHintOf(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.CommandResult.Command.Name != "call" || parsed.GetValue(CallWords) is not { Length: > 1 } words)
        {
            return null;
        }

        var names = parsed.RootCommandResult.Command.Options.Concat(parsed.CommandResult.Command.Options)
            .SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        var options = words.Skip(1).Where(w => names.Contains(w.Split('=', ':')[0])).ToList();
        return options.Count == 0
            ? null
            : $"hint: the words after {words[0]} are the call's arguments, {string.Join(" and ", options)} included; options go before the function: simplerpc-stub [options] call [options] {words[0]} [arguments]";
    }

    /// <summary><c>z.Add 1 2</c> as the console's <c>z.Add(1, 2)</c>; a single word that has its parentheses stays as it is.</summary>
    public static string CallText(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return words.Count == 1 && words[0].Contains('(', StringComparison.Ordinal)
            ? words[0]
            : words[0] + "(" + string.Join(", ", words.Skip(1)) + ")";
    }

    /// <summary>Connects with <paramref name="options"/>, runs <paramref name="line"/> and disconnects.</summary>
    /// <returns>0 when the command succeeded, 1 when it failed.</returns>
    /// <exception cref="System.Net.Sockets.SocketException">The server is not reachable.</exception>
    /// <exception cref="Rpc.RpcException">The server refused the hello.</exception>
    /// <param name="options">The stub's options.</param>
    /// <param name="line">The console line to run (<see cref="LineOf"/>).</param>
    /// <param name="log">The stub's logger.</param>
    /// <param name="callHint">Printed to standard error first (<see cref="CallHintOf"/>): options misplaced after the function may also be why the server cannot be reached.</param>
    public static async Task<int> RunAsync(StubOptions options, string line, Serilog.ILogger log, string? callHint = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(line);
        if (callHint is not null)
        {
            System.Console.Error.WriteLine(callHint);
        }

        var proxies = new ProxyFolder(options.EffectiveProxyDir);
        await using var server = new ServerLink(options, proxies, log.ForContext<ServerLink>());
        await server.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
        OpenServerNotice.WarnIfOpen(options, server, log);
        if (line.StartsWith("call ", StringComparison.Ordinal))
        {
            return await CallAsync(server, line["call ".Length..]).ConfigureAwait(false);
        }

        var shell = new ConsoleShell(TextReader.Null, System.Console.Out, options.Name) { Logger = log.ForContext<ConsoleShell>() };
        shell.AddStubCommands(server, proxies, new ModuleUploader(server, options.ChunkBytes, options.UploadWindow));
        return await shell.RunLineAsync(line).ConfigureAwait(false) ? 0 : 1;
    }

    // The result alone on standard output (3, "Hello, bob!"), so a script can use it; a failure
    // goes to standard error as the console prints it, with the error's code.
    private static async Task<int> CallAsync(ServerLink server, string text)
    {
        try
        {
            var (method, reply) = await new StubCallEvaluator(server).SendAsync(text, CancellationToken.None).ConfigureAwait(false);
            if (reply.Error is null)
            {
                System.Console.WriteLine(reply.ResultJson ?? "null");
                return 0;
            }

            System.Console.Error.WriteLine(ConsoleCallScript.FormatReply(method, reply));
            return 1;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            System.Console.Error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }
}
