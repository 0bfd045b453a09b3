using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using SimpleRpc.ClientStub.Discovery;
using SimpleRpc.Protocol;

namespace SimpleRpc.ClientStub.Tests.Discovery;

/// <summary>The document built from every sample module's proxy lists everything, and has OpenRPC's shape.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed partial class OpenRpcDocumentBuilderTests
{
    private JObject _document = null!;

    [OneTimeSetUp]
    public void BuildOnce() => _document = SampleProxies.Document();

    private IEnumerable<JObject> Methods => _document["methods"]!.Cast<JObject>();

    [TestCaseSource(typeof(SampleProxies), nameof(SampleProxies.ModuleNames))]
    public void Build_SampleModule_ListsEveryFunctionOnce(string module)
    {
        var listed = Methods.Where(m => (string)m["x-simplerpc"]!["module"]! == module).Select(m => (string)m["x-simplerpc"]!["function"]!);

        Assert.That(listed, Is.EqualTo(SampleProxies.FunctionNames(module)));
    }

    [TestCaseSource(typeof(SampleProxies), nameof(SampleProxies.ModuleNames))]
    public void Build_SampleModule_ListsEveryDataTypeUnderComponents(string module)
    {
        var schemas = (JObject)_document["components"]!["schemas"]!;
        var listed = schemas.Properties().Select(p => p.Name).Where(n => n.StartsWith(module + ".", StringComparison.Ordinal));

        Assert.That(listed, Is.EquivalentTo(SampleProxies.DataTypeNames(module).Select(t => module + "." + t)));
    }

    [Test]
    public void Build_SampleModules_SignatureIdsMatchTheGenerators()
    {
        var ids = Methods.Select(m => (string)m["x-simplerpc"]!["signatureId"]!);

        Assert.That(ids, Is.EquivalentTo(SampleProxies.GeneratedSignatureIds()));
    }

    [Test]
    public void Build_OverloadedFunction_ListsEachOverloadBySignatureId()
    {
        var names = Methods.Select(m => (string)m["name"]!).ToList();

        Assert.That(names, Does.Contain("text.Pad(string,int)").And.Contain("text.Pad(string,int,char)")
            .And.Contain("text.Indent(string,int)").And.Contain("text.Indent(string,string)"));
        Assert.That(names, Does.Not.Contain("text.Pad").And.Not.Contain("text.Indent"));
        Assert.That(names, Does.Contain("z.Add").And.Contain("text.Repeat"), "a name without overloads is the plain <module>.<Function>");
        var pad = Methods.Single(m => (string)m["name"]! == "text.Pad(string,int)");
        Assert.That((string)pad["description"]!, Does.Contain("overloads of text.Pad"));
    }

    [Test]
    public void Build_SampleModules_HasOpenRpcTopLevelShape()
    {
        Assert.That((string)_document["openrpc"]!, Is.EqualTo("1.3.2"));
        Assert.That((string)_document["info"]!["title"]!, Is.EqualTo("SimpleRpc modules via alpha"));
        Assert.That((string)_document["info"]!["version"]!, Does.Match("^[0-9a-f]{12}$"));
        Assert.That((string)_document["servers"]![0]!["url"]!, Is.EqualTo("tcp://127.0.0.1:5151"));
        Assert.That(_document["methods"], Is.InstanceOf<JArray>());
        Assert.That(_document["x-simplerpc"]!["modules"]!["inventory"]!["checksum"]!.ToString(), Does.Match("^[0-9a-f]{64}$"));
        Assert.That(((JObject)_document).Properties().Select(p => p.Name),
            Is.SubsetOf(new[] { "openrpc", "info", "servers", "methods", "components", "externalDocs", "x-simplerpc" }));
    }

    [Test]
    public void Build_SampleModules_MethodsHaveUniqueNamesAndWellFormedDescriptors()
    {
        Assert.That(Methods.Select(m => (string)m["name"]!), Is.Unique);
        Assert.Multiple(() =>
        {
            foreach (var method in Methods)
            {
                var name = (string)method["name"]!;
                Assert.That(method["params"], Is.InstanceOf<JArray>(), name);
                Assert.That(method["params"]!.Select(p => (string)p["name"]!), Is.Unique.And.All.Not.Empty, name);
                Assert.That(method["params"]!.All(p => p["schema"] is JObject && p["required"]!.Type == JTokenType.Boolean), name);
                Assert.That((string)method["result"]!["name"]!, Is.EqualTo("result"), name);
                Assert.That(method["result"]!["schema"], Is.InstanceOf<JObject>(), name);
                Assert.That((string)method["paramStructure"]!, Is.EqualTo("either"), name);
                Assert.That(method["errors"]!.Select(e => (string)e["$ref"]!), Has.All.StartWith("#/components/errors/"), name);
            }
        });
    }

    [Test]
    public void Build_SampleModules_EveryReferenceResolvesAndStandsAlone()
    {
        var references = _document.DescendantsAndSelf().OfType<JObject>().Where(o => o["$ref"] is not null).ToList();

        Assert.That(references, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var reference in references)
            {
                var target = (string)reference["$ref"]!;
                Assert.That(Resolve(target), Is.Not.Null, target);
                Assert.That(reference.Count, Is.EqualTo(1), "draft 7 ignores a $ref's siblings: " + reference);
            }
        });
    }

    [Test]
    public void Build_SampleModules_ComponentKeysFollowOpenRpcsPattern()
    {
        var components = (JObject)_document["components"]!;
        var keys = components.Properties().SelectMany(c => ((JObject)c.Value).Properties().Select(p => p.Name));

        Assert.That(keys, Has.All.Match(ComponentKey()));
    }

    [Test]
    public void Build_SampleModules_ErrorsCarryTheProtocolsCodes()
    {
        var errors = (JObject)_document["components"]!["errors"]!;

        Assert.That(errors.Properties().ToDictionary(p => p.Name, p => (int)p.Value["code"]!), Is.EquivalentTo(new Dictionary<string, int>
        {
            ["ModuleThrew"] = RpcErrorCodes.ModuleThrew,
            ["InvalidParams"] = RpcErrorCodes.InvalidParams,
            ["MethodNotFound"] = RpcErrorCodes.MethodNotFound,
            ["ModuleChanged"] = RpcErrorCodes.ModuleChanged,
            ["Timeout"] = RpcErrorCodes.Timeout,
            ["WorkerLost"] = RpcErrorCodes.WorkerLost,
            ["ModuleFailed"] = RpcErrorCodes.ModuleFailed,
            ["RequestCancelled"] = RpcErrorCodes.RequestCancelled,
            ["LimitExceeded"] = RpcErrorCodes.LimitExceeded,
            ["ServerUnavailable"] = RpcErrorCodes.ServerUnavailable,
            ["ConnectionLost"] = RpcErrorCodes.ConnectionLost,
        }));
        Assert.That(errors.Properties().Select(p => p.Value["message"]), Has.All.Not.Null);
        Assert.That(Methods.First()["errors"]!.Count(), Is.EqualTo(errors.Count));
    }

    [Test]
    public void Build_SameProxies_SameText()
    {
        var again = SampleProxies.Document();

        Assert.That(again.ToString(), Is.EqualTo(_document.ToString()));
    }

    private JToken? Resolve(string pointer)
    {
        JToken? node = _document;
        foreach (var part in pointer[2..].Split('/'))
        {
            node = node?[part];
        }

        return node;
    }

    [GeneratedRegex(@"^[a-zA-Z0-9\.\-_]+$")]
    private static partial Regex ComponentKey();
}
