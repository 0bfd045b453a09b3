using System.Reflection;
using SimpleRpc.Protocol;

namespace SimpleRpc.Rpc;

/// <summary>
/// Turns an error reply into the exception an app sees, so a proxy call fails the way a local
/// call would: a module's well-known BCL exception comes back as the same type (its inner
/// exception, a <see cref="RemoteInvocationException"/>, holds the remote type and stack trace),
/// an exception type the module declares as the proxy's type of that name (given a
/// <see cref="RemoteExceptionTypes"/>), any other as <see cref="RemoteInvocationException"/>; a
/// deadline as <see cref="TimeoutException"/>; a cancellation as <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// A type named by the peer is never looked up or created from its name: only the types in the
/// fixed table below, and those a generated proxy listed, are made, by code written for them.
/// The remote exception's inner exceptions become the <see cref="RemoteInvocationException"/>'s
/// <see cref="Exception.InnerException"/> chain, each link mapped the same way; an
/// <see cref="ArgumentException"/>'s <see cref="ArgumentException.ParamName"/> is kept.
/// </remarks>
public static class RemoteExceptions
{
    // ArgumentNullException and ArgumentOutOfRangeException have no constructor that takes a
    // parameter name and an inner exception, and ParamName has no setter: the field behind it is
    // set directly. Should a runtime not have it, those two arrive without their ParamName.
    private static readonly FieldInfo? ParamNameField =
        typeof(ArgumentException).GetField("_paramName", BindingFlags.Instance | BindingFlags.NonPublic);

    private static readonly Dictionary<string, Func<string, string?, Exception, Exception>> Known = new(StringComparer.Ordinal)
    {
        ["System.ArgumentException"] = (m, p, i) => new ArgumentException(WithoutParamName(m, p), p, i),
        ["System.ArgumentNullException"] = (m, p, i) => WithParamName(new ArgumentNullException(WithoutParamName(m, p), i), p),
        ["System.ArgumentOutOfRangeException"] = (m, p, i) => WithParamName(new ArgumentOutOfRangeException(WithoutParamName(m, p), i), p),
        ["System.ArithmeticException"] = (m, _, i) => new ArithmeticException(m, i),
        ["System.Collections.Generic.KeyNotFoundException"] = (m, _, i) => new KeyNotFoundException(m, i),
        ["System.DivideByZeroException"] = (m, _, i) => new DivideByZeroException(m, i),
        ["System.FormatException"] = (m, _, i) => new FormatException(m, i),
        ["System.IndexOutOfRangeException"] = (m, _, i) => new IndexOutOfRangeException(m, i),
        ["System.InvalidCastException"] = (m, _, i) => new InvalidCastException(m, i),
        ["System.InvalidOperationException"] = (m, _, i) => new InvalidOperationException(m, i),
        ["System.NotImplementedException"] = (m, _, i) => new NotImplementedException(m, i),
        ["System.NotSupportedException"] = (m, _, i) => new NotSupportedException(m, i),
        ["System.NullReferenceException"] = (m, _, i) => new NullReferenceException(m, i),
        ["System.ObjectDisposedException"] = (m, _, i) => new ObjectDisposedException(m, i),
        ["System.OperationCanceledException"] = (m, _, i) => new OperationCanceledException(m, i),
        ["System.OverflowException"] = (m, _, i) => new OverflowException(m, i),
        ["System.TimeoutException"] = (m, _, i) => new TimeoutException(m, i),
        ["System.UnauthorizedAccessException"] = (m, _, i) => new UnauthorizedAccessException(m, i),
    };

    /// <summary>The full names of the exception types that come back as themselves.</summary>
    public static IReadOnlyCollection<string> WellKnownTypes => Known.Keys;

    /// <summary>The exception an app should see for <paramref name="error"/>.</summary>
    public static Exception ToException(RpcError error) => ToException(error, null);

    /// <summary>
    /// The exception an app should see for <paramref name="error"/>, a reply to a call of a module
    /// whose proxy declares <paramref name="moduleTypes"/>.
    /// </summary>
    public static Exception ToException(RpcError error, RemoteExceptionTypes? moduleTypes)
    {
        ArgumentNullException.ThrowIfNull(error);
        switch (error.Code)
        {
            case RpcErrorCodes.Timeout:
                return new TimeoutException(error.Message);
            case RpcErrorCodes.RequestCancelled:
                return new OperationCanceledException(error.Message);
            case RpcErrorCodes.ModuleThrew:
                var data = RpcException.ReadRemoteData(error);
                return Surface(Remote(error.Message, data, error.DataJson, moduleTypes), data, moduleTypes);
            default:
                return RpcException.FromError(error);
        }
    }

    /// <summary>The <see cref="RemoteInvocationException"/> for a module's exception, its inner chain mapped.</summary>
    internal static RemoteInvocationException Remote(string message, RemoteErrorData? data, string? dataJson, RemoteExceptionTypes? moduleTypes)
    {
        var inner = data?.Inner is { } cause ? Surface(Remote(cause.Message, cause, null, moduleTypes), cause, moduleTypes) : null;
        return new RemoteInvocationException(message, data?.Type ?? "System.Exception", data?.StackTrace, dataJson, inner);
    }

    private static Exception Surface(RemoteInvocationException remote, RemoteErrorData? data, RemoteExceptionTypes? moduleTypes)
    {
        if (moduleTypes?.TryCreate(remote) is { } own)
        {
            return own;
        }

        return Known.TryGetValue(remote.RemoteType, out var create) ? create(remote.Message, data?.ParamName, remote) : remote;
    }

    // The server sends ArgumentException.Message, which already ends in "(Parameter 'x')"; the
    // exception made here appends it again from ParamName, so it is taken off first.
    private static string WithoutParamName(string message, string? paramName)
    {
        if (string.IsNullOrEmpty(paramName))
        {
            return message;
        }

        var suffix = new ArgumentException("\u0001", paramName).Message[1..];
        var at = message.IndexOf(suffix, StringComparison.Ordinal);
        return at < 0 ? message : message.Remove(at, suffix.Length);
    }

    private static Exception WithParamName(ArgumentException exception, string? paramName)
    {
        if (!string.IsNullOrEmpty(paramName))
        {
            ParamNameField?.SetValue(exception, paramName);
        }

        return exception;
    }
}
