using Newtonsoft.Json;

namespace SimpleRpc.Protocol;

/// <summary>The <c>error</c> member of a JSON-RPC response.</summary>
/// <param name="Code">A code from <see cref="RpcErrorCodes"/>.</param>
/// <param name="Message">A short, human-readable description.</param>
/// <param name="DataJson">Optional raw JSON for the <c>data</c> member.</param>
public sealed record RpcError(int Code, string Message, string? DataJson = null)
{
    /// <summary>Creates an error whose <c>data</c> is <paramref name="data"/> serialized with <see cref="Serialization.RpcJson"/>.</summary>
    public static RpcError WithData(int code, string message, object data) =>
        new(code, message, Serialization.RpcJson.Serialize(data));

    /// <summary>Reads <see cref="DataJson"/> as <typeparamref name="T"/>, or default when absent.</summary>
    public T? ReadData<T>() => DataJson is null ? default : Serialization.RpcJson.Deserialize<T>(DataJson);

    /// <inheritdoc/>
    public override string ToString() => $"{Message} (code {Code})";
}

/// <summary>Carries an exception's details in an error's <c>data</c>.</summary>
/// <param name="Type">The full name of the exception type on the side that threw.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="StackTrace">Its stack trace, with file and line where the module has a PDB.</param>
/// <param name="ParamName">An <see cref="ArgumentException"/>'s <see cref="ArgumentException.ParamName"/>
/// (and its subclasses'); left out of the JSON when null.</param>
/// <param name="Inner">The exception's <see cref="Exception.InnerException"/>, the same shape again
/// (at most <see cref="MaxInnerDepth"/> levels); left out of the JSON when null.</param>
public sealed record RemoteErrorData(
    [property: JsonProperty("type")] string Type,
    [property: JsonProperty("message")] string Message,
    [property: JsonProperty("stackTrace")] string? StackTrace,
    [property: JsonProperty("paramName", NullValueHandling = NullValueHandling.Ignore)] string? ParamName = null,
    [property: JsonProperty("inner", NullValueHandling = NullValueHandling.Ignore)] RemoteErrorData? Inner = null)
{
    /// <summary>How many inner exceptions travel below the thrown one; deeper ones are cut off.</summary>
    public const int MaxInnerDepth = 8;

    /// <summary>
    /// The details of <paramref name="exception"/> and its inner exceptions (up to
    /// <see cref="MaxInnerDepth"/> of them), each stack trace written by <paramref name="stackTrace"/>.
    /// </summary>
    public static RemoteErrorData From(Exception exception, Func<Exception, string?> stackTrace)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(stackTrace);
        return From(exception, stackTrace, 0);
    }

    private static RemoteErrorData From(Exception exception, Func<Exception, string?> stackTrace, int depth) => new(
        exception.GetType().FullName ?? exception.GetType().Name,
        exception.Message,
        stackTrace(exception),
        (exception as ArgumentException)?.ParamName,
        exception.InnerException is { } inner && depth < MaxInnerDepth ? From(inner, stackTrace, depth + 1) : null);
}
