using SimpleRpc.ClientStub.Link;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.ConsoleScripting;

namespace SimpleRpc.ClientStub.Console;

/// <summary>
/// The stub console's <c>call z.Add(1, 2 * 3)</c>: the arguments are evaluated as C# with Roslyn
/// scripting on this machine (<see cref="ConsoleCallScript"/>, the same evaluator the server's
/// console uses), the call goes to the server over this stub's link like an app's call, and
/// the reply is printed as the server's console prints it.
/// </summary>
/// <remarks>
/// Roslyn's scripting assemblies load when the first instance is made, so a stub whose console
/// never runs <c>call</c> does not load them; StubConsole makes it on the first <c>call</c>. Each
/// distinct argument text leaves a script assembly loaded; at most
/// <see cref="ConsoleCallScript.DefaultMaxCachedScripts"/> are compiled.
/// </remarks>
public sealed class StubCallEvaluator
{
    private readonly ConsoleCallScript _script = new("stub");
    private readonly ServerLink _server;

    /// <summary>Creates an evaluator that calls through <paramref name="server"/>.</summary>
    public StubCallEvaluator(ServerLink server) => _server = server;

    /// <summary>Evaluates <paramref name="text"/> (<c>module.Function(args)</c>), calls the server and returns the line to print.</summary>
    /// <exception cref="FormatException">The text is not a call, or an argument is not valid C#.</exception>
    /// <exception cref="InvalidOperationException">A new argument text past the limit of compiled scripts.</exception>
    /// <exception cref="RpcException">The stub is not connected to the server.</exception>
    public async Task<string> CallAsync(string text, CancellationToken cancellationToken)
    {
        var (method, reply) = await SendAsync(text, cancellationToken).ConfigureAwait(false);
        return ConsoleCallScript.FormatReply(method, reply);
    }

    /// <summary>Evaluates <paramref name="text"/>, calls the server and returns the method called and the server's reply (a result or an error).</summary>
    /// <exception cref="FormatException">The text is not a call, or an argument is not valid C#.</exception>
    /// <exception cref="InvalidOperationException">A new argument text past the limit of compiled scripts.</exception>
    /// <exception cref="RpcException">The stub is not connected to the server.</exception>
    public async Task<(string Method, JsonRpcMessage Reply)> SendAsync(string text, CancellationToken cancellationToken)
    {
        var request = await _script.CreateRequestAsync(text, cancellationToken).ConfigureAwait(false);
        var server = _server.Connection ?? throw new RpcException(RpcErrorCodes.ServerUnavailable, "Not connected to the server.");
        var reply = await server.SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
        return (request.Method!, reply);
    }
}
