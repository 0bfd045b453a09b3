namespace SimpleRpc.Client;

/// <summary>
/// The entry point that generated proxy bodies call. Each call goes to the app's local stub over
/// <see cref="RpcClient.Default"/>.
/// </summary>
/// <remarks>
/// The generator emits calls to exactly these members; changing a signature here is a breaking
/// change for every proxy already generated. Thread-safe: any number of calls may run at once.
/// </remarks>
public static class RpcProxy
{
    /// <summary>Calls <c>module.function</c> and waits for its result.</summary>
    /// <exception cref="SimpleRpc.Rpc.RemoteInvocationException">The module threw, or the call failed remotely.</exception>
    public static T Invoke<T>(string module, string function, object?[] args) =>
        RpcClient.Default.InvokeAsync<T>(module, function, args, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Calls a function that returns nothing and waits for it to finish.</summary>
    public static void Invoke(string module, string function, object?[] args) =>
        RpcClient.Default.InvokeAsync<object?>(module, function, args, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Calls <c>module.function</c> asynchronously.</summary>
    public static Task<T> InvokeAsync<T>(string module, string function, object?[] args, CancellationToken cancellationToken) =>
        RpcClient.Default.InvokeAsync<T>(module, function, args, cancellationToken);

    /// <summary>Calls a function that returns nothing, asynchronously.</summary>
    public static Task InvokeAsync(string module, string function, object?[] args, CancellationToken cancellationToken) =>
        RpcClient.Default.InvokeAsync<object?>(module, function, args, cancellationToken);
}
