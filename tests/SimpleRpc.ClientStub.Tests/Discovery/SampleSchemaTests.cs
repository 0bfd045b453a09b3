using Newtonsoft.Json.Linq;

namespace SimpleRpc.ClientStub.Tests.Discovery;

/// <summary>Spot checks of the schemas the sample modules get: each kind of type the wire carries.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class SampleSchemaTests
{
    private JObject _document = null!;

    [OneTimeSetUp]
    public void BuildOnce() => _document = SampleProxies.Document();

    [Test]
    public void Decimal_Result_IsNumberWithDecimalFormat()
    {
        var result = Result("inventory.TotalValueAsync");

        Assert.That((string)result["type"]!, Is.EqualTo("number"));
        Assert.That((string)result["format"]!, Is.EqualTo("decimal"));
        Assert.That(Schema("inventory.Item")["properties"]!["price"]!["format"]!.ToString(), Is.EqualTo("decimal"));
    }

    [Test]
    public void DataType_Class_HasCamelCaseMembersWithTheirSchemas()
    {
        var item = Schema("inventory.Item");
        var properties = (JObject)item["properties"]!;

        Assert.That(properties.Properties().Select(p => p.Name), Is.EqualTo(new[] { "id", "sku", "name", "price", "quantity", "reorderLevel", "updatedAt", "tags", "stockByWarehouse" }));
        Assert.That(properties["id"], Is.EqualTo(JObject.Parse("""{"type":"string","format":"uuid"}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(properties["updatedAt"], Is.EqualTo(JObject.Parse("""{"type":"string","format":"date-time"}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(properties["quantity"], Is.EqualTo(JObject.Parse("""{"type":"integer","format":"int64"}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(properties["reorderLevel"], Is.EqualTo(JObject.Parse("""{"type":["integer","null"],"format":"int32"}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(properties["tags"], Is.EqualTo(JObject.Parse("""{"type":"array","items":{"type":"string"}}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(properties["stockByWarehouse"], Is.EqualTo(JObject.Parse("""{"type":"object","additionalProperties":{"type":"integer","format":"int32"}}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(item["required"], Is.Null, "a class's plain properties may be left out");
    }

    [Test]
    public void DateTimeOffset_Result_IsDateTimeString()
    {
        Assert.That(Result("inventory.LastStocktake"), Is.EqualTo(JObject.Parse("""{"type":"string","format":"date-time"}""")).Using<JToken>(JToken.DeepEquals));
    }

    [Test]
    public void PositionalRecord_NestedRecords_AreReferencesAndRequired()
    {
        var segment = Schema("geometry.Segment");

        Assert.That((string)segment["properties"]!["from"]!["$ref"]!, Is.EqualTo("#/components/schemas/geometry.Point"));
        Assert.That((string)segment["properties"]!["to"]!["$ref"]!, Is.EqualTo("#/components/schemas/geometry.Point"));
        Assert.That(segment["required"]!.Values<string>(), Is.EqualTo(new[] { "from", "to" }));
        var box = Schema("geometry.Box");
        Assert.That(box["required"]!.Values<string>(), Is.EqualTo(new[] { "min", "max" }));
        Assert.That(box["properties"]!["label"], Is.EqualTo(JObject.Parse("""{"type":["string","null"]}""")).Using<JToken>(JToken.DeepEquals));
        var change = Schema("inventory.StockChange");
        Assert.That(change["required"]!.Values<string>(), Is.EqualTo(new[] { "sku", "delta", "at" }), "a positional parameter with a default may be left out");
        Assert.That(change["properties"]!["reason"]!["default"]!.Type, Is.EqualTo(JTokenType.Null));
    }

    [Test]
    public void SameTypeName_InTwoModules_HasTwoSchemas()
    {
        Assert.That(Schema("geometry.Point")["properties"]!["x"]!["type"]!.ToString(), Is.EqualTo("number"));
        Assert.That(Schema("stats.Point")["properties"]!["y"]!["type"]!.ToString(), Is.EqualTo("number"));
        Assert.That(Schema("stats.LinearFit")["properties"]!.Select(p => ((JProperty)p).Name), Is.EqualTo(new[] { "slope", "intercept", "rSquared" }));
    }

    [Test]
    public void Enum_IsIntegerWithItsValuesAndNames()
    {
        var kind = Schema("geometry.ShapeKind");

        Assert.That((string)kind["type"]!, Is.EqualTo("integer"));
        Assert.That(kind["enum"]!.Values<int>(), Is.EqualTo(new[] { -1, 3, 4, 10 }));
        Assert.That(kind["x-enum-varnames"]!.Values<string>(), Is.EqualTo(new[] { "Degenerate", "Triangle", "Quadrilateral", "Polygon" }));
        var from = Param("geometry.KindsFrom", "min");
        Assert.That((string)from["schema"]!["allOf"]![0]!["$ref"]!, Is.EqualTo("#/components/schemas/geometry.ShapeKind"));
        Assert.That((int)from["schema"]!["default"]!, Is.EqualTo(3));
        Assert.That((bool)from["required"]!, Is.False);
    }

    [Test]
    public void FrameworkEnum_Parameter_IsIntegerWithDefault()
    {
        var comparison = Param("text.Occurrences", "comparison")["schema"]!;

        Assert.That((string)comparison["type"]!, Is.EqualTo("integer"));
        Assert.That(comparison["x-enum-varnames"]!.Values<string>(), Does.Contain("OrdinalIgnoreCase"));
        Assert.That((int)comparison["default"]!, Is.EqualTo((int)StringComparison.OrdinalIgnoreCase));
    }

    [Test]
    public void Nullable_ReferenceAndValue_AllowNull()
    {
        Assert.That(Result("geometry.Largest"), Is.EqualTo(JObject.Parse("""{"oneOf":[{"$ref":"#/components/schemas/geometry.Polygon"},{"type":"null"}]}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(Result("stats.MeanOrNull"), Is.EqualTo(JObject.Parse("""{"type":["number","null"],"format":"double"}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(Param("stats.MeanOrNull", "values")["schema"]!["type"]!.Values<string>(), Is.EqualTo(new[] { "array", "null" }));
        Assert.That(Result("text.Lengths")["items"]!["type"]!.Values<string>(), Is.EqualTo(new[] { "integer", "null" }));
        Assert.That(Param("text.FirstWord", "text")["schema"]!["type"]!.Values<string>(), Is.EqualTo(new[] { "string", "null" }));
    }

    [Test]
    public void Collections_ListsArraysAndDictionaries_MapToArraysAndObjects()
    {
        Assert.That(Param("stats.Transpose", "matrix")["schema"], Is.EqualTo(JObject.Parse("""{"type":"array","items":{"type":"array","items":{"type":"number","format":"double"}}}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(Param("geometry.Centroid", "points")["schema"], Is.EqualTo(JObject.Parse("""{"type":"array","items":{"$ref":"#/components/schemas/geometry.Point"}}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(Param("stats.GroupMeans", "groups")["schema"]!["additionalProperties"]!["type"]!.ToString(), Is.EqualTo("array"));
        Assert.That(Result("inventory.Catalog")["items"]!["$ref"]!.ToString(), Is.EqualTo("#/components/schemas/inventory.Item"));
    }

    [Test]
    public void AsyncAndVoid_Results_AreUnwrappedOrNull()
    {
        Assert.That(Result("z.Fail"), Is.EqualTo(JObject.Parse("""{"type":"null"}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That(Result("inventory.ValidateAsync"), Is.EqualTo(JObject.Parse("""{"type":"null"}""")).Using<JToken>(JToken.DeepEquals));
        Assert.That((string)Result("z.SlowAdd")["type"]!, Is.EqualTo("integer"));
        Assert.That(Result("inventory.FindAsync")["$ref"]!.ToString(), Is.EqualTo("#/components/schemas/inventory.Item"));
    }

    [Test]
    public void Parameters_TokensDefaultsParamsAndKeywords_FollowTheWire()
    {
        Assert.That(Method("z.SlowAdd")["params"]!.Select(p => (string)p["name"]!), Is.EqualTo(new[] { "a", "b", "delayMs" }), "a CancellationToken is never sent");
        var delay = Param("inventory.StockByWarehouseAsync", "delayMs");
        Assert.That((bool)delay["required"]!, Is.False);
        Assert.That((int)delay["schema"]!["default"]!, Is.EqualTo(0));
        Assert.That((string)Param("text.Slugify", "separator")["schema"]!["default"]!, Is.EqualTo("-"));
        Assert.That((bool)Param("text.Slugify", "lowerCase")["schema"]!["default"]!, Is.True);
        Assert.That((string)Param("text.Truncate", "ellipsis")["schema"]!["default"]!, Is.EqualTo("…"));
        Assert.That((bool)Param("text.Join", "parts")["required"]!, Is.True, "a params array is one JSON array and cannot be left out");
        Assert.That(Param("text.Tag", "class"), Is.Not.Null, "an @-escaped name travels without the @");
        Assert.That((string)Method("text.Tag")["summary"]!, Is.EqualTo("string Tag(string text, string @class)"));
        Assert.That((string)Method("geometry.BoundingBox")["summary"]!, Is.EqualTo("Box BoundingBox(IReadOnlyList<Point> points, string? label = null)"));
    }

    private JObject Method(string name) => _document["methods"]!.Cast<JObject>().Single(m => (string)m["name"]! == name);

    private JObject Result(string method) => (JObject)Method(method)["result"]!["schema"]!;

    private JObject Param(string method, string name) => Method(method)["params"]!.Cast<JObject>().Single(p => (string)p["name"]! == name);

    private JObject Schema(string key) => (JObject)_document["components"]!["schemas"]![key]!;
}
