using SimpleRpc.ConsoleScripting;
using SimpleRpc.Server.Dispatch;

namespace SimpleRpc.Server.Admin;

/// <summary>
/// The server console's <c>call z.Add(1, 2 * 3)</c>: the argument list is evaluated as C# with
/// Roslyn scripting (<see cref="ConsoleCallScript"/>, shared with the stub's console), sent as
/// JSON through the real <see cref="CallDispatcher"/>, and the reply printed. It counts in the
/// call metrics and the dashboard's figures like a stub's call.
/// </summary>
/// <remarks>
/// Every distinct argument text compiles a script, and each script leaves an assembly loaded
/// for the life of the process. Compiled scripts are cached by text and at most
/// <see cref="MaxCachedScripts"/> distinct texts are compiled; past that the console refuses
/// new argument texts until the server restarts, so typing at a console cannot grow memory
/// without bound.
/// </remarks>
public sealed class ConsoleCallEvaluator
{
    /// <summary>How many distinct argument texts are compiled at most.</summary>
    public const int MaxCachedScripts = ConsoleCallScript.DefaultMaxCachedScripts;

    private readonly ConsoleCallScript _script = new("server");
    private readonly CallDispatcher _dispatcher;

    /// <summary>Creates an evaluator that calls through <paramref name="dispatcher"/>.</summary>
    public ConsoleCallEvaluator(CallDispatcher dispatcher) => _dispatcher = dispatcher;

    /// <summary>Evaluates <paramref name="text"/> (<c>module.Function(args)</c>) and returns the line to print.</summary>
    /// <exception cref="FormatException">The text is not a call, or an argument is not valid C# (nothing is cached then).</exception>
    /// <exception cref="InvalidOperationException">A new argument text past <see cref="MaxCachedScripts"/>.</exception>
    public async Task<string> CallAsync(string text, CancellationToken cancellationToken)
    {
        var request = await _script.CreateRequestAsync(text, cancellationToken).ConfigureAwait(false);
        var reply = await Diagnostics.MeasuredCall.DispatchAsync(_dispatcher, request, "server console", cancellationToken).ConfigureAwait(false);
        return ConsoleCallScript.FormatReply(request.Method!, reply);
    }
}
