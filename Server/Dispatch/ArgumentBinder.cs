using Newtonsoft.Json;
using SimpleRpc.Protocol;
using SimpleRpc.Rpc;
using SimpleRpc.Serialization;
using SimpleRpc.Server.Serialization;

namespace SimpleRpc.Server.Dispatch;

/// <summary>
/// Reads a call's raw <c>params</c> (positional array or named object) straight into the
/// function's parameter types, without building a JSON tree, and picks the overload.
/// </summary>
internal static class ArgumentBinder
{
    /// <summary>
    /// Chooses the overload and converts the arguments of <paramref name="request"/>, reading its
    /// params from the UTF-8 bytes they arrived as when it has them, else from their text.
    /// </summary>
    /// <exception cref="RpcException">No overload fits, several do, or a value has the wrong type (InvalidParams).</exception>
    public static (ModuleFunction Function, object?[] Arguments) Bind(string method, IReadOnlyList<ModuleFunction> overloads, JsonRpcMessage request, ModuleValueSerializer values)
    {
        var utf8 = request.ParamsUtf8;
        var paramsJson = utf8.IsEmpty ? request.ParamsJson : null;
        var shape = utf8.IsEmpty ? ParamsShape.Read(paramsJson) : ParamsShape.Read(utf8);
        var source = new ParamsSource(utf8, paramsJson);
        // One candidate (a call by signature id, or a function without overloads) needs no list.
        var fitting = overloads.Count == 1 ? (shape.Fits(overloads[0]) ? overloads : []) : overloads.Where(f => shape.Fits(f)).ToList();
        if (fitting.Count == 0)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, $"No overload of {method} takes {shape.Describe()}; candidates: {Candidates(overloads)}.");
        }

        if (fitting.Count > 1)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, $"The call to {method} is ambiguous; candidates: {Candidates(fitting)}.");
        }

        var function = fitting[0];
        try
        {
            return (function, shape.IsNamed ? ReadNamed(function, source, values) : ReadPositional(function, source, values));
        }
        catch (JsonException ex)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, $"Invalid params for {function.Signature}: {ex.Message}");
        }
    }

    private static string Candidates(IEnumerable<ModuleFunction> functions) => string.Join("; ", functions.Select(f => f.Signature));

    private static object?[] ReadPositional(ModuleFunction function, ParamsSource source, ModuleValueSerializer serializer)
    {
        var parameters = function.WireParameters;
        var values = new object?[parameters.Count];
        if (function.HasPrimitiveParameters && !source.Utf8.IsEmpty && PrimitiveJson.TryReadPositional(source.Utf8.Span, parameters, values))
        {
            return values;
        }

        var index = 0;
        if (!source.IsEmpty)
        {
            using var reader = CreateReader(source);
            reader.Read();
            // ParamsShape already checked there are no more values than parameters.
            while (index < parameters.Count && reader.ReadFor(parameters[index].ParameterType) && reader.TokenType != JsonToken.EndArray)
            {
                values[index] = ReadValue(reader, parameters[index].ParameterType, parameters[index].Name, serializer);
                index++;
            }
        }

        for (; index < parameters.Count; index++)
        {
            values[index] = parameters[index].DefaultValue;
        }

        return values;
    }

    private static object?[] ReadNamed(ModuleFunction function, ParamsSource source, ModuleValueSerializer serializer)
    {
        var parameters = function.WireParameters;
        var values = new object?[parameters.Count];
        var seen = new bool[parameters.Count];
        using var reader = CreateReader(source);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            var name = (string)reader.Value!;
            var index = IndexOf(parameters, name);
            reader.ReadFor(parameters[index].ParameterType);
            values[index] = ReadValue(reader, parameters[index].ParameterType, name, serializer);
            seen[index] = true;
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (!seen[i])
            {
                values[i] = parameters[i].DefaultValue;
            }
        }

        return values;
    }

    internal static int IndexOf(IReadOnlyList<System.Reflection.ParameterInfo> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static object? ReadValue(JsonReader reader, Type type, string? name, ModuleValueSerializer serializer)
    {
        if (reader.TokenType == JsonToken.Null && type.IsValueType && Nullable.GetUnderlyingType(type) is null)
        {
            throw new JsonSerializationException($"Parameter '{name}' ({type.Name}) cannot be null.");
        }

        try
        {
            reader.EnsureNoFraction(type);
            return serializer.Read(reader, type);
        }
        catch (JsonException ex)
        {
            throw new JsonSerializationException($"Parameter '{name}': {ex.Message}", ex);
        }
    }

    private static JsonTextReader CreateReader(ParamsSource source) => new(source.Json is { } json ? new StringReader(json) : new Utf8TextReader(source.Utf8))
    {
        // The connection already refused messages nested deeper than maxJsonDepth.
        MaxDepth = null,
        DateParseHandling = DateParseHandling.None,
        ArrayPool = JsonCharPool.Instance,
    };

    // A call's params: the bytes they arrived as, or (for a call built in this process) their text.
    private readonly record struct ParamsSource(ReadOnlyMemory<byte> Utf8, string? Json)
    {
        public bool IsEmpty => Utf8.IsEmpty && Json is null;
    }
}
