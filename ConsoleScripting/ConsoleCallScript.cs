using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using SimpleRpc.Protocol;
using SimpleRpc.Serialization;

namespace SimpleRpc.ConsoleScripting;

/// <summary>
/// The part of a console's <c>call z.Add(1, 2 * 3)</c> that the server's and the stub's consoles share: parse
/// <c>module.Function(args)</c>, evaluate the argument list as C# with Roslyn scripting into a
/// JSON-RPC request, and turn the reply into the line to print.
/// </summary>
/// <remarks>
/// Every distinct argument text compiles a script, and each script leaves an assembly loaded
/// for the life of the process (scripts cannot be unloaded). Compiled scripts are cached by text
/// and at most <c>maxCachedScripts</c> distinct texts are compiled; past that new argument texts
/// are refused until the process restarts, so typing at a console cannot grow memory without
/// bound. An empty argument list and a text that does not compile cost nothing. Thread-safe.
/// </remarks>
public sealed partial class ConsoleCallScript
{
    /// <summary>How many distinct argument texts are compiled at most, unless the constructor says otherwise.</summary>
    public const int DefaultMaxCachedScripts = 256;

    /// <summary>How a console prints its usage.</summary>
    public const string Usage = "usage: call <module>.<Function>(<C# arguments>), for example: call z.Add(1, 2)";

    private static readonly ScriptOptions Options = ScriptOptions.Default
        .WithImports("System", "System.Linq", "System.Collections.Generic")
        .WithReferences(typeof(Enumerable).Assembly);

    private readonly ConcurrentDictionary<string, Script<object?[]>> _scripts = new(StringComparer.Ordinal);
    private readonly int _maxCachedScripts;
    private readonly string _processName;

    /// <summary>Creates an evaluator whose limit message tells the user to restart <paramref name="processName"/>.</summary>
    public ConsoleCallScript(string processName, int maxCachedScripts = DefaultMaxCachedScripts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCachedScripts, 1);
        _processName = processName;
        _maxCachedScripts = maxCachedScripts;
    }

    /// <summary>How many argument texts are compiled (and loaded) now.</summary>
    public int CompiledCount => _scripts.Count;

    /// <summary>Splits <paramref name="text"/> into the JSON-RPC method (<c>z.Add</c>) and the argument text.</summary>
    /// <exception cref="FormatException">The text is not <c>module.Function(…)</c>; the message is the usage.</exception>
    public static (string Method, string Arguments) Parse(string text)
    {
        var match = CallPattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException(Usage);
        }

        return (match.Groups["module"].Value + "." + match.Groups["function"].Value, match.Groups["args"].Value.Trim());
    }

    /// <summary>Parses <paramref name="text"/> and evaluates its arguments into a request (id 0: the sender gives it its own).</summary>
    /// <exception cref="FormatException">The text is not a call, or an argument is not valid C#.</exception>
    /// <exception cref="InvalidOperationException">A new argument text past the limit of compiled scripts.</exception>
    public async Task<JsonRpcMessage> CreateRequestAsync(string text, CancellationToken cancellationToken)
    {
        var (method, arguments) = Parse(text);
        var values = await EvaluateAsync(arguments, cancellationToken).ConfigureAwait(false);
        return JsonRpcMessage.Request(RpcId.From(0), method, RpcJson.Serialize(values));
    }

    /// <summary>Evaluates a C# argument list (<c>1, 2 * 3</c>) into its values; an empty text gives none.</summary>
    /// <exception cref="FormatException">An argument is not valid C# (nothing is cached then).</exception>
    /// <exception cref="InvalidOperationException">A new argument text past the limit of compiled scripts.</exception>
    public async Task<object?[]> EvaluateAsync(string argumentText, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(argumentText))
        {
            return [];
        }

        if (!_scripts.TryGetValue(argumentText, out var script))
        {
            script = CSharpScript.Create<object?[]>("new object?[] { " + argumentText + " }", Options);
            var errors = script.Compile(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new FormatException("The arguments are not valid C#: " + string.Join("; ", errors.Select(e => e.GetMessage(CultureInfo.InvariantCulture))));
            }

            // The check and the add are one step, so concurrent calls cannot pass the limit.
            lock (_scripts)
            {
                if (!_scripts.TryGetValue(argumentText, out var cached))
                {
                    if (_scripts.Count >= _maxCachedScripts)
                    {
                        throw new InvalidOperationException($"The console has compiled {_maxCachedScripts} distinct argument lists, its limit (each stays loaded); reuse one or restart the {_processName}.");
                    }

                    _scripts[argumentText] = script;
                    cached = script;
                }

                script = cached;
            }
        }

        return (await script.RunAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).ReturnValue;
    }

    /// <summary>
    /// The line a console prints for the reply to <paramref name="method"/>: <c>z.Add = 3</c>, or
    /// <c>z.Divide failed: System.DivideByZeroException: b must not be zero (code -32000)</c>
    /// followed by the remote stack trace; other error data is appended as JSON.
    /// </summary>
    public static string FormatReply(string method, JsonRpcMessage reply)
    {
        if (reply.Error is not { } error)
        {
            return $"{method} = {reply.ResultJson ?? "null"}";
        }

        var remote = ReadRemoteError(error);
        if (remote is null)
        {
            return $"{method} failed: {error.Message} (code {error.Code}){(error.DataJson is null ? string.Empty : " " + error.DataJson)}";
        }

        var line = $"{method} failed: {remote.Type}: {error.Message} (code {error.Code})";
        return string.IsNullOrWhiteSpace(remote.StackTrace) ? line : line + Environment.NewLine + remote.StackTrace.TrimEnd().ReplaceLineEndings();
    }

    private static RemoteErrorData? ReadRemoteError(RpcError error)
    {
        try
        {
            return error.DataJson is ['{', ..] && error.ReadData<RemoteErrorData>() is { Type.Length: > 0 } data ? data : null;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?<module>[A-Za-z_][A-Za-z0-9_]*)\.(?<function>[A-Za-z_][A-Za-z0-9_]*)\s*\((?<args>.*)\)$", RegexOptions.Singleline)]
    private static partial Regex CallPattern();
}
