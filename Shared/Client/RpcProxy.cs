namespace SimpleRpc.Client;

/// <summary>
/// The entry point that generated proxy bodies call. Each call goes to the app's local stub over
/// <see cref="RpcClient.Default"/>.
/// </summary>
/// <remarks>
/// The generator emits calls to exactly these members; changing a signature here is a breaking
/// change for every proxy already generated. Thread-safe: any number of calls may run at once.
/// A module's exception is rethrown as the same type when it is a well-known BCL exception, else
/// as <see cref="SimpleRpc.Rpc.RemoteInvocationException"/>; a call past its deadline throws
/// <see cref="TimeoutException"/>; a cancelled one <see cref="OperationCanceledException"/>.
/// </remarks>
public static class RpcProxy
{
    /// <summary>Calls the function and waits for its result.</summary>
    public static T Invoke<T>(RpcMethod method, object?[] args) =>
        RpcClient.Default.Invoke<T>(method, args);

    /// <summary>Calls a function that returns nothing and waits for it to finish.</summary>
    public static void Invoke(RpcMethod method, object?[] args) =>
        RpcClient.Default.Invoke<object?>(method, args);

    /// <summary>Calls the function asynchronously.</summary>
    public static Task<T> InvokeAsync<T>(RpcMethod method, object?[] args, CancellationToken cancellationToken) =>
        RpcClient.Default.InvokeAsync<T>(method, args, cancellationToken);

    /// <summary>Calls a function that returns nothing, asynchronously.</summary>
    public static Task InvokeAsync(RpcMethod method, object?[] args, CancellationToken cancellationToken) =>
        RpcClient.Default.InvokeAsync<object?>(method, args, cancellationToken);
}
