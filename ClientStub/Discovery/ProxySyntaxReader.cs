using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Newtonsoft.Json.Linq;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>
/// Reads a proxy file with Roslyn's syntax API only (no compilation, no references): the class
/// marked <c>[RpcModule(name, Version = n, Checksum = "…")]</c>, its <c>partial</c> methods and its
/// nested data types. Stateless and thread-safe.
/// </summary>
internal static class ProxySyntaxReader
{
    private static readonly CSharpParseOptions Options = new(LanguageVersion.Latest, DocumentationMode.None);

    /// <summary>
    /// The module <paramref name="source"/> declares, or <c>null</c> when it has no class with a
    /// complete <c>[RpcModule]</c> attribute (a file the stub did not write, or a damaged one).
    /// </summary>
    public static ProxyModule? Read(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, Options).GetCompilationUnitRoot();
        foreach (var type in root.DescendantNodes().OfType<ClassDeclarationSyntax>())
        {
            if (type.Parent is not (BaseNamespaceDeclarationSyntax or CompilationUnitSyntax) || ReadAttribute(type) is not { } attribute)
            {
                continue;
            }

            var functions = type.Members.OfType<MethodDeclarationSyntax>()
                .Where(m => m.Modifiers.Any(SyntaxKind.PartialKeyword) && m.Modifiers.Any(SyntaxKind.StaticKeyword))
                .Select(ReadFunction)
                .ToList();
            // A module's exception types are declared for catch clauses; no call takes or returns one.
            var dataTypes = type.Members.OfType<BaseTypeDeclarationSyntax>()
                .Where(t => !t.AttributeLists.SelectMany(l => l.Attributes).Any(a => LastName(a.Name) is "RpcRemoteException" or "RpcRemoteExceptionAttribute"))
                .Select(ReadDataType).OfType<ProxyDataType>().ToList();
            return new ProxyModule(attribute.Name, attribute.Version, attribute.Checksum, type.Identifier.ValueText, functions, dataTypes);
        }

        return null;
    }

    private static (string Name, int Version, string Checksum)? ReadAttribute(ClassDeclarationSyntax type)
    {
        var attribute = type.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => LastName(a.Name) is "RpcModule" or "RpcModuleAttribute");
        if (attribute?.ArgumentList is not { } arguments)
        {
            return null;
        }

        string? name = null, checksum = null;
        int? version = null;
        foreach (var argument in arguments.Arguments)
        {
            var value = (argument.Expression as LiteralExpressionSyntax)?.Token.Value;
            switch (argument.NameEquals?.Name.Identifier.ValueText)
            {
                case null:
                    name ??= value as string;
                    break;
                case "Version":
                    version = value is int v ? v : null;
                    break;
                case "Checksum":
                    checksum = value as string;
                    break;
            }
        }

        return name is null || version is null || checksum is null ? null : (name, version.Value, checksum);
    }

    private static ProxyFunction ReadFunction(MethodDeclarationSyntax method)
    {
        var parameters = method.ParameterList.Parameters
            .Select(p => new ProxyMember(p.Identifier.ValueText, p.Type!, p.Default?.Value, p.Default is null))
            .ToList();
        var declaration = ShortType(method.ReturnType) + " " + method.Identifier.ValueText + "("
            + string.Join(", ", method.ParameterList.Parameters.Select(FormatParameter)) + ")";
        return new ProxyFunction(method.Identifier.ValueText, method.ReturnType, parameters, declaration);
    }

    private static ProxyDataType? ReadDataType(BaseTypeDeclarationSyntax type)
    {
        if (type is EnumDeclarationSyntax enumType)
        {
            var values = enumType.Members
                .Select(m => new KeyValuePair<string, JValue>(m.Identifier.ValueText, EnumValue(m.EqualsValue?.Value)))
                .ToList();
            var flags = enumType.AttributeLists.SelectMany(l => l.Attributes).Any(a => LastName(a.Name) is "Flags" or "FlagsAttribute");
            return new ProxyDataType(enumType.Identifier.ValueText, ProxyDataKind.Enum, [], values, flags);
        }

        if (type is not TypeDeclarationSyntax declaration)
        {
            return null;
        }

        var kind = declaration switch
        {
            RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => ProxyDataKind.RecordStruct,
            RecordDeclarationSyntax => ProxyDataKind.Record,
            StructDeclarationSyntax => ProxyDataKind.Struct,
            ClassDeclarationSyntax => ProxyDataKind.Class,
            _ => (ProxyDataKind?)null,
        };
        if (kind is null)
        {
            return null;
        }

        var members = new List<ProxyMember>();
        if (declaration is RecordDeclarationSyntax { ParameterList: { } positional })
        {
            members.AddRange(positional.Parameters.Select(p => new ProxyMember(p.Identifier.ValueText, p.Type!, p.Default?.Value, p.Default is null)));
        }

        members.AddRange(declaration.Members.OfType<PropertyDeclarationSyntax>()
            .Where(p => p.Modifiers.Any(SyntaxKind.PublicKeyword) && !p.Modifiers.Any(SyntaxKind.StaticKeyword))
            .Select(p => new ProxyMember(p.Identifier.ValueText, p.Type, null, p.Modifiers.Any(SyntaxKind.RequiredKeyword))));
        return new ProxyDataType(declaration.Identifier.ValueText, kind.Value, members, [], false);
    }

    // The emitter writes every enum value as a literal, negative ones with a unary minus.
    private static JValue EnumValue(ExpressionSyntax? value) => value switch
    {
        LiteralExpressionSyntax literal => new JValue(literal.Token.Value),
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax literal } =>
            new JValue((long)-Convert.ToDecimal(literal.Token.Value, CultureInfo.InvariantCulture)),
        _ => JValue.CreateNull(),
    };

    private static string FormatParameter(ParameterSyntax parameter)
    {
        var text = (parameter.Modifiers.Any(SyntaxKind.ParamsKeyword) ? "params " : string.Empty)
            + ShortType(parameter.Type!) + " " + parameter.Identifier.Text;
        return parameter.Default is { } value ? text + " = " + ShortType(value.Value) : text;
    }

    /// <summary>
    /// A type or default value as a reader wants it: <c>global::SimpleRpc.Proxies.Geometry.Point</c> is
    /// <c>Point</c>, <c>global::System.Collections.Generic.List&lt;T&gt;</c> is <c>List&lt;T&gt;</c>.
    /// </summary>
    public static string ShortType(SyntaxNode node) =>
        node.ReplaceNodes(
            node.DescendantNodesAndSelf().OfType<QualifiedNameSyntax>().Where(q => q.Parent is not QualifiedNameSyntax),
            (original, rewritten) => ((QualifiedNameSyntax)rewritten).Right.WithTriviaFrom(original))
            .ToString()
            .Replace("global::", string.Empty, StringComparison.Ordinal)
            .Replace("SimpleRpc.Proxies.", string.Empty, StringComparison.Ordinal);

    /// <summary>The last identifier of <paramref name="name"/> (<c>Flags</c> of <c>global::System.Flags</c>).</summary>
    public static string LastName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => name.ToString(),
    };
}
