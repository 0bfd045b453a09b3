using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using SimpleRpc.Protocol;
using SimpleRpc.Serialization;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Admin;

/// <summary>
/// The console's <c>call z.Add(1, 2 * 3)</c>: the argument list is evaluated as C# with
/// Roslyn scripting, sent as JSON through the real <see cref="CallDispatcher"/>, and the reply
/// printed as JSON.
/// </summary>
/// <remarks>
/// Every distinct argument text compiles a script, and each script leaves an assembly loaded
/// for the life of the process. Compiled scripts are cached by text and at most
/// <see cref="MaxCachedScripts"/> distinct texts are compiled; past that the console refuses
/// new argument texts until the server restarts, so typing at a console cannot grow memory
/// without bound.
/// </remarks>
public sealed partial class ConsoleCallEvaluator
{
    /// <summary>How many distinct argument texts are compiled at most.</summary>
    public const int MaxCachedScripts = 256;

    private static readonly ScriptOptions Options = ScriptOptions.Default
        .WithImports("System", "System.Linq", "System.Collections.Generic")
        .WithReferences(typeof(Enumerable).Assembly);

    private readonly ConcurrentDictionary<string, Script<object?[]>> _scripts = new(StringComparer.Ordinal);
    private readonly CallDispatcher _dispatcher;

    /// <summary>Creates an evaluator that calls through <paramref name="dispatcher"/>.</summary>
    public ConsoleCallEvaluator(CallDispatcher dispatcher) => _dispatcher = dispatcher;

    /// <summary>Evaluates <paramref name="text"/> (<c>module.Function(args)</c>) and returns the line to print.</summary>
    /// <exception cref="FormatException">The text is not a call.</exception>
    /// <exception cref="FormatException">Or: an argument is not valid C# (nothing is cached then).</exception>
    public async Task<string> CallAsync(string text, CancellationToken cancellationToken)
    {
        var match = CallPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException("usage: call <module>.<Function>(<C# arguments>), for example: call z.Add(1, 2)");
        }

        var arguments = await EvaluateAsync(match.Groups["args"].Value, cancellationToken).ConfigureAwait(false);
        var method = match.Groups["module"].Value + "." + match.Groups["function"].Value;
        var request = JsonRpcMessage.Request(RpcId.From(0), method, RpcJson.Serialize(arguments));
        var reply = await _dispatcher.DispatchAsync(request, "server console", cancellationToken).ConfigureAwait(false);
        return reply.Error is { } error
            ? $"{method} failed: {error.Message} (code {error.Code}){(error.DataJson is null ? string.Empty : " " + error.DataJson)}"
            : $"{method} = {reply.ResultJson}";
    }

    private async Task<object?[]> EvaluateAsync(string argumentText, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(argumentText))
        {
            return [];
        }

        if (!_scripts.TryGetValue(argumentText, out var script))
        {
            if (_scripts.Count >= MaxCachedScripts)
            {
                throw new InvalidOperationException($"The console has compiled {MaxCachedScripts} distinct argument lists, its limit; reuse one or restart the server.");
            }

            script = CSharpScript.Create<object?[]>("new object?[] { " + argumentText + " }", Options);
            var errors = script.Compile(cancellationToken).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new FormatException("The arguments are not valid C#: " + string.Join("; ", errors.Select(e => e.GetMessage(System.Globalization.CultureInfo.InvariantCulture))));
            }

            script = _scripts.GetOrAdd(argumentText, script);
        }

        return (await script.RunAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ReturnValue;
    }

    [GeneratedRegex(@"^(?<module>[A-Za-z_][A-Za-z0-9_]*)\.(?<function>[A-Za-z_][A-Za-z0-9_]*)\s*\((?<args>.*)\)$", RegexOptions.Singleline)]
    private static partial Regex CallPattern();
}
