using System.Collections;
using Newtonsoft.Json;
using SimpleRpc.Serialization;

namespace SimpleRpc.Server.Serialization;

internal sealed partial class ModuleValueSerializer
{
    /// <summary>
    /// Reads a value of <paramref name="type"/>; the reader is on its first token and is left on
    /// its last, as <see cref="JsonSerializer.Deserialize(JsonReader, Type)"/> does.
    /// </summary>
    /// <exception cref="JsonSerializationException">The JSON does not fit the type.</exception>
    public object? Read(JsonReader reader, Type type)
    {
        if (reader.TokenType == JsonToken.None)
        {
            reader.Read();
        }

        if (!Involves(type))
        {
            reader.EnsureNoFraction(type);
            return RpcJson.Serializer.Deserialize(reader, type);
        }

        if (reader.TokenType == JsonToken.Null)
        {
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null
                ? throw new JsonSerializationException($"null is not a valid {type.Name}.")
                : null;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return reader.TokenType switch
            {
                JsonToken.Integer => Enum.ToObject(type, Convert.ToInt64(reader.Value, System.Globalization.CultureInfo.InvariantCulture)),
                JsonToken.String when Enum.TryParse(type, (string)reader.Value!, ignoreCase: true, out var parsed) => parsed,
                _ => throw new JsonSerializationException($"'{reader.Value}' is not a {type.Name}."),
            };
        }

        if (type.IsArray)
        {
            var items = ReadList(reader, type.GetElementType()!);
            var array = Array.CreateInstance(type.GetElementType()!, items.Count);
            items.CopyTo(array, 0);
            return array;
        }

        if (DictionaryValueType(type) is { } valueType && type.IsAssignableFrom(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType)))
        {
            return ReadDictionary(reader, valueType);
        }

        if (ElementType(type) is { } elementType && type.IsAssignableFrom(typeof(List<>).MakeGenericType(elementType)))
        {
            return ReadList(reader, elementType);
        }

        if (reader.TokenType != JsonToken.StartObject)
        {
            throw new JsonSerializationException($"Expected an object for {type.Name}, got {reader.TokenType}.");
        }

        return ShapeOf(type).Create(ReadMembers(reader, ShapeOf(type)));
    }

    private IList ReadList(JsonReader reader, Type elementType)
    {
        Expect(reader, JsonToken.StartArray, "an array");
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        while (reader.ReadFor(elementType) && reader.TokenType != JsonToken.EndArray)
        {
            list.Add(Read(reader, elementType));
        }

        return list;
    }

    private IDictionary ReadDictionary(JsonReader reader, Type valueType)
    {
        Expect(reader, JsonToken.StartObject, "an object");
        var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            var key = (string)reader.Value!;
            reader.ReadFor(valueType);
            dictionary[key] = Read(reader, valueType);
        }

        return dictionary;
    }

    private Dictionary<ObjectShape.Member, object?> ReadMembers(JsonReader reader, ObjectShape shape)
    {
        var values = new Dictionary<ObjectShape.Member, object?>();
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            var member = shape.Find((string)reader.Value!);
            if (member is null)
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.ReadFor(member.Type);

            values[member] = Read(reader, member.Type);
        }

        return values;
    }

    private static void Expect(JsonReader reader, JsonToken token, string what)
    {
        if (reader.TokenType != token)
        {
            throw new JsonSerializationException($"Expected {what}, got {reader.TokenType}.");
        }
    }
}
