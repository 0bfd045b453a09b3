using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// Builds the OpenRPC 1.3.2 document that <c>rpc.discover</c> returns: one method per module
/// function (named <c>&lt;module&gt;.&lt;Function&gt;</c>, or by signature id when the name is
/// overloaded, since OpenRPC method names are unique), params and result as JSON Schema, the call
/// errors by reference, and every data type under <c>components/schemas</c> as
/// <c>&lt;module&gt;.&lt;Type&gt;</c>. Stateless and thread-safe; the output is deterministic for
/// the same proxies.
/// </summary>
internal static partial class OpenRpcDocumentBuilder
{
    /// <summary>The OpenRPC specification version the document follows.</summary>
    public const string OpenRpcVersion = "1.3.2";

    /// <summary>Builds the document for <paramref name="modules"/>, as served by the stub <paramref name="stubName"/>.</summary>
    /// <param name="modules">The proxies read from the stub's proxy folder.</param>
    /// <param name="stubName">The stub's client name, for the title.</param>
    /// <param name="appEndpoint">Where apps connect (<c>host:port</c>), or <c>null</c> to leave <c>servers</c> out.</param>
    public static JObject Build(IEnumerable<ProxyModule> modules, string stubName, string? appEndpoint)
    {
        var catalog = new ProxyTypeCatalog(modules);
        var mapper = new JsonSchemaMapper(catalog);
        var methods = new JArray();
        var schemas = new JObject();
        var extension = new JObject();
        foreach (var module in catalog.Modules)
        {
            foreach (var method in Methods(module, mapper))
            {
                methods.Add(method);
            }

            foreach (var type in module.DataTypes)
            {
                schemas[JsonSchemaMapper.SchemaName(module, type)] = DataTypeSchema(module, type, mapper);
            }

            extension[module.Name] = new JObject { ["version"] = module.Version, ["checksum"] = module.Checksum, ["proxyClass"] = module.ClassName };
        }

        var document = new JObject
        {
            ["openrpc"] = OpenRpcVersion,
            ["info"] = new JObject
            {
                ["title"] = "SimpleRpc modules via " + stubName,
                ["version"] = DocumentVersion(catalog.Modules),
                ["description"] = "The module functions this stub has proxies for. Call them on the stub's app port, one JSON-RPC 2.0 message per line; "
                    + "params by position or by name. Enums travel as numbers, records and classes as objects with camelCase members.",
            },
        };
        if (appEndpoint is not null)
        {
            document["servers"] = new JArray(new JObject { ["name"] = stubName, ["url"] = "tcp://" + appEndpoint, ["summary"] = "The stub's app port (loopback, newline-delimited JSON-RPC 2.0)." });
        }

        document["methods"] = methods;
        document["components"] = new JObject { ["schemas"] = schemas, ["errors"] = OpenRpcErrors.Components() };
        document["x-simplerpc"] = new JObject { ["stub"] = stubName, ["modules"] = extension };
        return document;
    }

    /// <summary>
    /// The document's version: the first 12 hex digits of the SHA-256 of the modules' names and
    /// checksums, so it changes exactly when a proxy does.
    /// </summary>
    public static string DocumentVersion(IEnumerable<ProxyModule> modules)
    {
        var key = string.Concat(modules.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => m.Name + ":" + m.Checksum + "\n"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
    }

    private static IEnumerable<JObject> Methods(ProxyModule module, JsonSchemaMapper mapper)
    {
        var counts = module.Functions.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var function in module.Functions)
        {
            var signatureId = module.Name + "." + SignatureIdWriter.For(function, module, mapper.Catalog);
            var plainName = module.Name + "." + function.Name;
            var overloads = counts[function.Name];
            var description = overloads > 1
                ? string.Create(CultureInfo.InvariantCulture, $"One of {overloads} overloads of {plainName}. OpenRPC method names are unique, so this one is listed by its signature id, which a call may name; a call to {plainName} picks the overload by the number or the names of its params.")
                : $"Function {function.Name} of module {module.Name} v{module.Version.ToString(CultureInfo.InvariantCulture)}; a call may also name it by its signature id, {signatureId}.";
            yield return new JObject
            {
                ["name"] = overloads > 1 ? signatureId : plainName,
                ["summary"] = function.Declaration,
                ["description"] = description,
                ["tags"] = new JArray(new JObject { ["name"] = module.Name }),
                ["paramStructure"] = "either",
                ["params"] = new JArray(function.Parameters
                    .Where(p => !mapper.Catalog.IsCancellationToken(p.Type, module))
                    .Select(p => Param(p, module, mapper))),
                ["result"] = new JObject { ["name"] = "result", ["summary"] = ProxySyntaxReader.ShortType(function.ReturnType), ["schema"] = mapper.Map(function.ReturnType, module) },
                ["errors"] = OpenRpcErrors.ForFunction(),
                ["x-simplerpc"] = new JObject
                {
                    ["module"] = module.Name,
                    ["moduleVersion"] = module.Version,
                    ["function"] = function.Name,
                    ["signatureId"] = signatureId,
                },
            };
        }
    }

    private static JObject Param(ProxyMember parameter, ProxyModule module, JsonSchemaMapper mapper) => new()
    {
        ["name"] = parameter.Name,
        ["summary"] = ProxySyntaxReader.ShortType(parameter.Type),
        ["required"] = parameter.Required,
        ["schema"] = WithDefault(mapper.Map(parameter.Type, module), parameter, module, mapper),
    };

    // Draft 7 ignores the siblings of $ref, so a default for a referenced type goes beside an allOf.
    private static JObject WithDefault(JObject schema, ProxyMember member, ProxyModule module, JsonSchemaMapper mapper)
    {
        if (member.Default is null || !DefaultValueReader.TryRead(member.Default, mapper.Catalog, module, out var value))
        {
            return schema;
        }

        if (schema["$ref"] is not null)
        {
            return new JObject { ["allOf"] = new JArray(schema), ["default"] = value };
        }

        schema["default"] = value;
        return schema;
    }
}
