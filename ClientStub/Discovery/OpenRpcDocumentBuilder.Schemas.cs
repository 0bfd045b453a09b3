using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>The <c>components/schemas</c> part: one schema per data type.</summary>
internal static partial class OpenRpcDocumentBuilder
{
    // The same naming strategy RpcJson uses, so member names match the wire exactly.
    private static readonly CamelCaseNamingStrategy CamelCase = new();

    private static JObject DataTypeSchema(ProxyModule module, ProxyDataType type, JsonSchemaMapper mapper)
    {
        if (type.Kind == ProxyDataKind.Enum)
        {
            return JsonSchemaMapper.EnumSchema(type.EnumValues, type.IsFlags, type.Name);
        }

        var properties = new JObject();
        var required = new JArray();
        foreach (var member in type.Members)
        {
            var name = CamelCase.GetPropertyName(member.Name, hasSpecifiedName: false);
            properties[name] = WithDefault(mapper.Map(member.Type, module), member, module, mapper);
            if (member.Required)
            {
                required.Add(name);
            }
        }

        var kind = type.Kind switch
        {
            ProxyDataKind.Record => "record",
            ProxyDataKind.RecordStruct => "record struct",
            ProxyDataKind.Struct => "struct",
            _ => "class",
        };
        var schema = new JObject
        {
            ["title"] = type.Name,
            ["description"] = $"{kind} {module.ClassName}.{type.Name} of module {module.Name}. Members travel camelCase and are read case-insensitively; a member left out keeps its default.",
            ["type"] = "object",
            ["properties"] = properties,
        };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        return schema;
    }
}
