using System.Collections;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;
using SimpleRpc.Serialization;

namespace SimpleRpc.Server.Serialization;

/// <summary>
/// Reads and writes values whose types involve a module's own types (its records, classes and
/// enums, and arrays, lists and dictionaries of them) with metadata kept in this instance only.
/// Everything else goes to the shared Newtonsoft serializer.
/// </summary>
/// <remarks>
/// Why: Newtonsoft's contract resolution asks <c>System.ComponentModel.TypeDescriptor</c> about
/// every type it sees, and that process-wide cache keeps a collectible module's load context
/// alive for ever (ModuleUnloadTests). A module type never reaches Newtonsoft here, so when the
/// module is replaced and this object is dropped, nothing outside the module refers to its types.
/// Guarded by ModuleUnloadTests. The JSON shape matches what <see cref="RpcJson"/> produces on the
/// app side: camelCase members, enums as numbers, members read case-insensitively.
/// Thread-safe.
/// </remarks>
internal sealed partial class ModuleValueSerializer
{
    private static readonly CamelCaseNamingStrategy Naming = new();
    private readonly Assembly _module;
    private readonly Dictionary<Type, bool> _involves = [];
    private readonly Dictionary<Type, ObjectShape> _shapes = [];
    private readonly Lock _gate = new();

    /// <summary>Creates a serializer for the types of <paramref name="module"/>.</summary>
    public ModuleValueSerializer(Assembly module) => _module = module;

    /// <summary>True when <paramref name="type"/> is, or is built from, a type of the module.</summary>
    public bool Involves(Type type)
    {
        lock (_gate)
        {
            if (_involves.TryGetValue(type, out var known))
            {
                return known;
            }
        }

        var involves = type.Assembly == _module
            || (type.HasElementType && Involves(type.GetElementType()!))
            || (type.IsGenericType && type.GetGenericArguments().Any(Involves));
        lock (_gate)
        {
            _involves[type] = involves;
        }

        return involves;
    }

    /// <summary>Serializes <paramref name="value"/> (declared as <paramref name="type"/>) to UTF-8 JSON, as a reply carries it.</summary>
    public byte[] SerializeUtf8(object? value, Type type)
    {
        if (PrimitiveJson.TryWrite(value) is { } primitive)
        {
            return primitive;
        }

        using var bytes = new Utf8TextWriter();
        using (var writer = new JsonTextWriter(bytes) { Formatting = Formatting.None, ArrayPool = JsonCharPool.Instance, CloseOutput = false })
        {
            Write(writer, value, type);
            writer.Flush();
        }

        return bytes.ToArray();
    }

    /// <summary>Writes <paramref name="value"/>, declared as <paramref name="declared"/>.</summary>
    public void Write(JsonWriter writer, object? value, Type declared)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var type = value.GetType();
        if (!Involves(type))
        {
            RpcJson.Serializer.Serialize(writer, value, declared == typeof(object) ? type : declared);
        }
        else if (type.IsEnum)
        {
            writer.WriteValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (value is IDictionary dictionary)
        {
            var valueType = DictionaryValueType(type) ?? typeof(object);
            writer.WriteStartObject();
            foreach (DictionaryEntry entry in dictionary)
            {
                writer.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!);
                Write(writer, entry.Value, valueType);
            }

            writer.WriteEndObject();
        }
        else if (value is IEnumerable items)
        {
            var elementType = ElementType(type) ?? typeof(object);
            writer.WriteStartArray();
            foreach (var item in items)
            {
                Write(writer, item, elementType);
            }

            writer.WriteEndArray();
        }
        else
        {
            WriteObject(writer, value, ShapeOf(type));
        }
    }

    private void WriteObject(JsonWriter writer, object value, ObjectShape shape)
    {
        writer.WriteStartObject();
        foreach (var member in shape.Members)
        {
            writer.WritePropertyName(member.JsonName);
            Write(writer, member.GetValue(value), member.Type);
        }

        writer.WriteEndObject();
    }

    private ObjectShape ShapeOf(Type type)
    {
        lock (_gate)
        {
            if (!_shapes.TryGetValue(type, out var shape))
            {
                shape = ObjectShape.For(type, Naming);
                _shapes[type] = shape;
            }

            return shape;
        }
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : GenericInterface(type, typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Type? DictionaryValueType(Type type) =>
        (GenericInterface(type, typeof(IDictionary<,>)) ?? GenericInterface(type, typeof(IReadOnlyDictionary<,>)))?.GetGenericArguments()[1];

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
