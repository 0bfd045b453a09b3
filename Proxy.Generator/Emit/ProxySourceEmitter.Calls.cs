using System.Collections.Generic;
using System.Linq;
using SimpleRpc.Proxy.Generator.Models;

namespace SimpleRpc.Proxy.Generator.Emit;

/// <summary>Parameter lists and the <c>RpcProxy</c> call expressions of the generated members.</summary>
internal static partial class ProxySourceEmitter
{
    private const string Runtime = "global::SimpleRpc.Client.RpcProxy";
    private const string TokenType = "global::System.Threading.CancellationToken";
    private const string TaskType = "global::System.Threading.Tasks.Task";
    private const string ValueTaskType = "global::System.Threading.Tasks.ValueTask";

    /// <summary>
    /// The sync function's parameters for its twin. When the twin appends a token, a
    /// <c>params</c> array becomes a plain array (params must come last), and a default survives
    /// only if every later parameter has one too, so the list stays valid C#.
    /// </summary>
    private static IEnumerable<string> TwinParameters(EquatableArray<ProxyParameterModel> parameters, bool appendsToken)
    {
        var optionalFrom = parameters.Count;
        while (optionalFrom > 0 && parameters[optionalFrom - 1].DefaultValue is not null)
        {
            optionalFrom--;
        }

        return parameters.Select((p, i) => Parameter(p, keepParams: !appendsToken, keepDefault: i >= optionalFrom));
    }

    private static string Parameter(ProxyParameterModel parameter, bool keepParams, bool keepDefault)
    {
        var prefix = (parameter.IsThis ? "this " : string.Empty) + (parameter.IsParams && keepParams ? "params " : string.Empty);
        var suffix = keepDefault && parameter.DefaultValue is { } value ? " = " + value : string.Empty;
        return prefix + parameter.Type + " " + parameter.Name + suffix;
    }

    /// <summary>The body of the partial method itself.</summary>
    private static string Body(ProxyMethodModel method)
    {
        var token = method.Parameters.FirstOrDefault(p => p.IsCancellationToken)?.Name;
        return method.Kind switch
        {
            // A sync function that takes a token still honours it, by waiting on the async call.
            ProxyReturnKind.Void or ProxyReturnKind.Value when token is not null =>
                InvokeAsync(method, token) + ".GetAwaiter().GetResult()",
            ProxyReturnKind.Void => Runtime + ".Invoke(" + method.FieldName + ", " + Arguments(method) + ")",
            ProxyReturnKind.Value => Runtime + ".Invoke<" + method.ResultType + ">(" + method.FieldName + ", " + Arguments(method) + ")",
            _ => AsyncBody(method, token),
        };
    }

    /// <summary>The body of an async function: the runtime's task, wrapped when it returns a <c>ValueTask</c>.</summary>
    private static string AsyncBody(ProxyMethodModel method, string? token) => method.Kind switch
    {
        ProxyReturnKind.ValueTask => "new " + ValueTaskType + "(" + InvokeAsync(method, token) + ")",
        ProxyReturnKind.ValueTaskOfT => "new " + ValueTaskType + "<" + method.ResultType + ">(" + InvokeAsync(method, token) + ")",
        _ => InvokeAsync(method, token),
    };

    private static string InvokeAsync(ProxyMethodModel method, string? token)
    {
        var typeArgument = method.ResultType.Length > 0 ? "<" + method.ResultType + ">" : string.Empty;
        return Runtime + ".InvokeAsync" + typeArgument + "(" + method.FieldName + ", " + Arguments(method)
            + ", " + (token ?? TokenType + ".None") + ")";
    }

    private static string Arguments(ProxyMethodModel method)
    {
        var names = method.Parameters.Where(p => !p.IsCancellationToken).Select(p => p.Name).ToList();
        return names.Count == 0
            ? "global::System.Array.Empty<object?>()"
            : "new object?[] { " + string.Join(", ", names) + " }";
    }
}
