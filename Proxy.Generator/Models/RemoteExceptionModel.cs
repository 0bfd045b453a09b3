namespace SimpleRpc.Proxy.Generator.Models;

/// <summary>
/// An exception type the proxy declares for one of its module's, marked
/// <c>[RpcRemoteException("…")]</c>: the generated code lists it so the module's exception
/// arrives as this type.
/// </summary>
/// <param name="RemoteType">The full name the server reports, e.g. <c>Samples.OutOfStockException</c>.</param>
/// <param name="ProxyType">The proxy's type, fully qualified with <c>global::</c>.</param>
internal sealed record RemoteExceptionModel(string RemoteType, string ProxyType);
