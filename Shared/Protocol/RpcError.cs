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
public sealed record RemoteErrorData(
    [property: JsonProperty("type")] string Type,
    [property: JsonProperty("message")] string Message,
    [property: JsonProperty("stackTrace")] string? StackTrace);
