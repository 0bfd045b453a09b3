using SimpleRpc.Protocol;

namespace SimpleRpc.Rpc;

/// <summary>
/// Turns an error reply into the exception an app sees, so a proxy call fails the way a local
/// call would: a module's well-known BCL exception comes back as the same type (its inner
/// exception, a <see cref="RemoteInvocationException"/>, holds the remote type and stack trace),
/// any other as <see cref="RemoteInvocationException"/>; a deadline as
/// <see cref="TimeoutException"/>; a cancellation as <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// A type named by the peer is never looked up or created from its name: only the types in the
/// fixed table below are made, by code written here.
/// </remarks>
public static class RemoteExceptions
{
    private static readonly Dictionary<string, Func<string, Exception, Exception>> Known = new(StringComparer.Ordinal)
    {
        ["System.ArgumentException"] = (m, i) => new ArgumentException(m, i),
        ["System.ArgumentNullException"] = (m, i) => new ArgumentNullException(m, i),
        ["System.ArgumentOutOfRangeException"] = (m, i) => new ArgumentOutOfRangeException(m, i),
        ["System.ArithmeticException"] = (m, i) => new ArithmeticException(m, i),
        ["System.Collections.Generic.KeyNotFoundException"] = (m, i) => new KeyNotFoundException(m, i),
        ["System.DivideByZeroException"] = (m, i) => new DivideByZeroException(m, i),
        ["System.FormatException"] = (m, i) => new FormatException(m, i),
        ["System.IndexOutOfRangeException"] = (m, i) => new IndexOutOfRangeException(m, i),
        ["System.InvalidCastException"] = (m, i) => new InvalidCastException(m, i),
        ["System.InvalidOperationException"] = (m, i) => new InvalidOperationException(m, i),
        ["System.NotImplementedException"] = (m, i) => new NotImplementedException(m, i),
        ["System.NotSupportedException"] = (m, i) => new NotSupportedException(m, i),
        ["System.NullReferenceException"] = (m, i) => new NullReferenceException(m, i),
        ["System.ObjectDisposedException"] = (m, i) => new ObjectDisposedException(m, i),
        ["System.OperationCanceledException"] = (m, i) => new OperationCanceledException(m, i),
        ["System.OverflowException"] = (m, i) => new OverflowException(m, i),
        ["System.TimeoutException"] = (m, i) => new TimeoutException(m, i),
        ["System.UnauthorizedAccessException"] = (m, i) => new UnauthorizedAccessException(m, i),
    };

    /// <summary>The full names of the exception types that come back as themselves.</summary>
    public static IReadOnlyCollection<string> WellKnownTypes => Known.Keys;

    /// <summary>The exception an app should see for <paramref name="error"/>.</summary>
    public static Exception ToException(RpcError error)
    {
        switch (error.Code)
        {
            case RpcErrorCodes.Timeout:
                return new TimeoutException(error.Message);
            case RpcErrorCodes.RequestCancelled:
                return new OperationCanceledException(error.Message);
            case RpcErrorCodes.ModuleThrew:
                var remote = (RemoteInvocationException)RpcException.FromError(error);
                return Known.TryGetValue(remote.RemoteType, out var create) ? create(error.Message, remote) : remote;
            default:
                return RpcException.FromError(error);
        }
    }
}
