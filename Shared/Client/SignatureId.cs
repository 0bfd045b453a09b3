// One wire rule, one source: compiled into Shared and linked (as its own internal copy) into
// Proxy.Generator (netstandard2.0, so plain C# and netstandard2.0 APIs only), Server and
// ClientStub. Each walks its own model of a type (Roslyn symbols, System.Type, proxy syntax) and
// spells every part of the id here. SignatureIdAgreementTests (Server.Tests) and
// OpenRpcDocumentBuilderTests (ClientStub.Tests) check that the three give the same ids.
using System.Collections.Generic;
using System.Text;

namespace SimpleRpc.Client;

/// <summary>
/// How a function's signature id is spelled: <c>Name(type,type)</c>, parameters in order without
/// <see cref="System.Threading.CancellationToken"/>; a C# keyword for the built-in types;
/// <c>T?</c> for <c>Nullable&lt;T&gt;</c>; <c>T[]</c>, <c>T[,]</c> for arrays (outermost rank
/// first, as C# writes them); <c>Name&lt;A,B&gt;</c> for generic types (tuples are
/// <c>ValueTuple&lt;…&gt;</c>); <c>dynamic</c> is <c>object</c>; any other type is its simple
/// name, without namespace or containing type. Nullable reference annotations and <c>params</c>
/// do not count, and there are no spaces. Stateless and thread-safe.
/// </summary>
internal static class SignatureId
{
    /// <summary>The full name of the parameter type a signature id leaves out.</summary>
    public const string CancellationTokenFullName = "System.Threading.CancellationToken";

    /// <summary>How <c>dynamic</c> is spelled (the runtime sees <c>object</c>).</summary>
    public const string Dynamic = "object";

    /// <summary>The simple name tuples are spelled with, as generic arguments follow.</summary>
    public const string Tuple = "ValueTuple";

    private static readonly Dictionary<string, string> Keywords = new Dictionary<string, string>
    {
        ["System.Boolean"] = "bool", ["System.Byte"] = "byte", ["System.SByte"] = "sbyte",
        ["System.Int16"] = "short", ["System.UInt16"] = "ushort", ["System.Int32"] = "int",
        ["System.UInt32"] = "uint", ["System.Int64"] = "long", ["System.UInt64"] = "ulong",
        ["System.Single"] = "float", ["System.Double"] = "double", ["System.Decimal"] = "decimal",
        ["System.Char"] = "char", ["System.String"] = "string", ["System.Object"] = "object",
    };

    /// <summary>The C# keyword of the built-in type <paramref name="fullName"/> (<c>System.Int32</c> gives <c>int</c>), or null.</summary>
    public static string? Keyword(string? fullName) =>
        fullName is not null && Keywords.TryGetValue(fullName, out var keyword) ? keyword : null;

    /// <summary>Whether a parameter of type <paramref name="fullName"/> is left out of the id.</summary>
    public static bool IsLeftOut(string? fullName) => fullName == CancellationTokenFullName;

    /// <summary>The id of <paramref name="function"/> with the given parameter type ids: <c>Add(int,int)</c>.</summary>
    public static string Of(string function, IEnumerable<string> parameterTypeIds) =>
        function + "(" + string.Join(",", parameterTypeIds) + ")";

    /// <summary>A nullable value type: <c>int?</c>.</summary>
    public static string Nullable(string underlyingId) => underlyingId + "?";

    /// <summary>One array rank after its element: <c>int[]</c>, <c>int[,]</c>.</summary>
    public static string Array(string elementId, int rank) => elementId + "[" + new string(',', rank - 1) + "]";

    /// <summary>
    /// A named type: its simple name without a metadata arity suffix (<c>List`1</c> is <c>List</c>),
    /// with its type argument ids, if any, as <c>Name&lt;A,B&gt;</c>.
    /// </summary>
    public static string Named(string simpleName, IReadOnlyList<string> argumentIds)
    {
        var tick = simpleName.IndexOf('`');
        var name = tick < 0 ? simpleName : simpleName.Substring(0, tick);
        if (argumentIds.Count == 0)
        {
            return name;
        }

        var text = new StringBuilder(name).Append('<');
        for (var i = 0; i < argumentIds.Count; i++)
        {
            text.Append(i > 0 ? "," : string.Empty).Append(argumentIds[i]);
        }

        return text.Append('>').ToString();
    }

    /// <summary>The function name of a signature id: <c>Add(int,int)</c> gives <c>Add</c>; a name without parentheses is itself.</summary>
    public static string FunctionOf(string signatureId)
    {
        var paren = signatureId.IndexOf('(');
        return paren < 0 ? signatureId : signatureId.Substring(0, paren);
    }
}
