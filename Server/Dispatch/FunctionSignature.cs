using System.Reflection;
using System.Text;
using SimpleRpc.Client;

namespace SimpleRpc.Server.Dispatch;

/// <summary>Formats method signatures the way a C# reader expects (<c>int Add(int a, int b)</c>).</summary>
internal static class FunctionSignature
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte",
        [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double",
        [typeof(decimal)] = "decimal", [typeof(char)] = "char", [typeof(string)] = "string", [typeof(object)] = "object",
    };

    public static string Format(MethodInfo method)
    {
        var text = new StringBuilder();
        text.Append(TypeName(method.ReturnType)).Append(' ').Append(method.Name).Append('(');
        text.AppendJoin(", ", method.GetParameters().Select(p => TypeName(p.ParameterType) + " " + p.Name));
        return text.Append(')').ToString();
    }

    /// <summary>
    /// The signature id that generated proxies send, <c>Add(int,int)</c>, spelled by
    /// <see cref="SignatureId"/> (linked from Shared/Client, as in the generator and the stub).
    /// </summary>
    public static string WireId(MethodInfo method) =>
        SignatureId.Of(method.Name, method.GetParameters().Where(p => !SignatureId.IsLeftOut(p.ParameterType.FullName)).Select(p => TypeId(p.ParameterType)));

    private static string TypeId(Type type)
    {
        if (SignatureId.Keyword(type.FullName) is { } keyword)
        {
            return keyword;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return SignatureId.Nullable(TypeId(underlying));
        }

        if (type.IsArray)
        {
            // C# writes the outermost rank first: an array of int[,] is int[][,].
            var ranks = new List<int>();
            var element = type;
            for (; element.IsArray; element = element.GetElementType()!)
            {
                ranks.Add(element.GetArrayRank());
            }

            return ranks.Aggregate(TypeId(element), SignatureId.Array);
        }

        return SignatureId.Named(type.Name, type.IsGenericType ? [.. type.GetGenericArguments().Select(TypeId)] : []);
    }

    public static string TypeName(Type type)
    {
        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword;
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + "?";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return name + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
    }
}
