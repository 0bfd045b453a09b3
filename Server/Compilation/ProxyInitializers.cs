using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// The initializer of a data member as the proxy may repeat it. A proxy is headers only, so it
/// keeps an initializer only when it is a value, not logic: <c>new()</c> (or <c>new T()</c> of the
/// member's own type, written <c>new()</c>) without arguments or object initializer, a constant
/// (literal, enum member, <c>const</c>, constant expression), <c>string.Empty</c>, <c>default</c>,
/// <c>null</c>, a collection expression of such values (<c>[]</c>, <c>[1, 2]</c>), each optionally
/// with <c>!</c>. Anything else (a method call, a parameter of a primary constructor, a non-empty
/// object initializer) is dropped, and the member gets the proxy's usual default.
/// </summary>
internal sealed class ProxyInitializers(Microsoft.CodeAnalysis.Compilation? compilation, ProxyTypeFormatter formatter)
{
    /// <summary>The initializer of <paramref name="member"/> as C#, or null when it has none the proxy keeps.</summary>
    public string? Of(ISymbol member)
    {
        if (compilation is null)
        {
            return null;
        }

        var value = member.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).FirstOrDefault() switch
        {
            PropertyDeclarationSyntax property => property.Initializer?.Value,
            VariableDeclaratorSyntax field => field.Initializer?.Value,
            _ => null,
        };
        if (value is null)
        {
            return null;
        }

        var model = compilation.GetSemanticModel(value.SyntaxTree);
        return Format(value, DataTypeShape.TypeOf(member), model);
    }

    private string? Format(ExpressionSyntax expression, ITypeSymbol target, SemanticModel model)
    {
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Format(parenthesized.Expression, target, model);
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                return Format(suppressed.Operand, target, model) is { } operand ? operand + "!" : null;
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression }:
            case DefaultExpressionSyntax:
                return "default";
            case ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0, Initializer: null }:
                return "new()";
            case ObjectCreationExpressionSyntax { Initializer: null } creation
                when (creation.ArgumentList is null || creation.ArgumentList.Arguments.Count == 0)
                && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(creation).Type, target):
                return "new()";
            case CollectionExpressionSyntax collection:
                return FormatCollection(collection, model);
        }

        var constant = model.GetConstantValue(expression);
        if (constant.HasValue)
        {
            return ProxyLiteralFormatter.Format(constant.Value, target, formatter.Format);
        }

        return model.GetSymbolInfo(expression).Symbol is IFieldSymbol { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String }
            ? "\"\""
            : null;
    }

    private string? FormatCollection(CollectionExpressionSyntax collection, SemanticModel model)
    {
        var elements = new List<string>();
        foreach (var element in collection.Elements)
        {
            if (element is not ExpressionElementSyntax { Expression: var value }
                || model.GetTypeInfo(value).ConvertedType is not { } elementType
                || Format(value, elementType, model) is not { } text)
            {
                return null;
            }

            elements.Add(text);
        }

        return "[" + string.Join(", ", elements) + "]";
    }
}
