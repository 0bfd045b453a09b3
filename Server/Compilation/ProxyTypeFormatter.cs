using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// Writes types as the proxy spells them: C# keywords for special types, <c>global::</c> names for
/// the rest, nullable annotations kept, and the module's own data types, which the proxy nests in
/// its class, as <c>global::SimpleRpc.Proxies.&lt;ProxyClass&gt;.&lt;Name&gt;</c>. Immutable; safe
/// to share between threads.
/// </summary>
internal sealed class ProxyTypeFormatter
{
    /// <summary>The namespace every proxy class is declared in (data types are nested in their proxy class).</summary>
    public const string ProxyNamespace = "SimpleRpc.Proxies";

    private static readonly SymbolDisplayFormat GlobalFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly IAssemblySymbol _moduleAssembly;
    private readonly string _dataTypePrefix;

    /// <summary>
    /// Creates a formatter for the types of <paramref name="moduleAssembly"/>, whose data types are
    /// nested in the proxy class <paramref name="proxyClassName"/>.
    /// </summary>
    public ProxyTypeFormatter(IAssemblySymbol moduleAssembly, string proxyClassName)
    {
        _moduleAssembly = moduleAssembly;
        _dataTypePrefix = "global::" + ProxyNamespace + "." + proxyClassName + ".";
    }

    /// <summary>The C# spelling of <paramref name="type"/> in the proxy.</summary>
    public string Format(ITypeSymbol type)
    {
        // Types without module types print exactly as Roslyn prints them; only a type that
        // mentions a module type needs rebuilding, so that the module type can be renamed.
        if (!ModuleExportCollector.Walk(type).Any(IsModuleType))
        {
            return type.ToDisplayString(GlobalFormat);
        }

        var text = type switch
        {
            IArrayTypeSymbol array => FormatArray(array),
            INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable =>
                Format(nullable.TypeArguments[0]) + "?",
            INamedTypeSymbol { IsTupleType: true } tuple => FormatTuple(tuple),
            INamedTypeSymbol named when IsModuleType(named) => _dataTypePrefix + Escape(named.Name),
            INamedTypeSymbol named => FormatGeneric(named),
            _ => type.ToDisplayString(GlobalFormat),
        };
        return type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated ? text + "?" : text;
    }

    /// <summary>
    /// The parameter list (without parentheses): <c>params</c>, types, names and default values.
    /// With <paramref name="optionalTokens"/> (a function's parameters), a <c>CancellationToken</c>
    /// without a default gets <c>= default</c> when every parameter after it has a default (always
    /// when it is last), so an app may leave it out; a token not in that place stays required.
    /// </summary>
    public string FormatParameters(IReadOnlyList<IParameterSymbol> parameters, bool optionalTokens = false) =>
        string.Join(", ", parameters.Select((parameter, i) => FormatParameter(parameter, optionalTokens && OptionalToken(parameters, i))));

    /// <summary>
    /// <paramref name="name"/> as an identifier: prefixed with <c>@</c> if it is a reserved keyword.
    /// </summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Whether parameter <paramref name="index"/> is a token that may legally become optional.</summary>
    private static bool OptionalToken(IReadOnlyList<IParameterSymbol> parameters, int index)
    {
        var parameter = parameters[index];
        if (parameter.HasExplicitDefaultValue || parameter.RefKind != RefKind.None
            || parameter.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) != "global::System.Threading.CancellationToken")
        {
            return false;
        }

        for (var i = index + 1; i < parameters.Count; i++)
        {
            if (!parameters[i].HasExplicitDefaultValue)
            {
                return false;
            }
        }

        return true;
    }

    private string FormatParameter(IParameterSymbol parameter, bool optionalToken)
    {
        var text = new StringBuilder();
        if (parameter.IsParamsArray || parameter.IsParamsCollection)
        {
            text.Append("params ");
        }

        text.Append(Format(parameter.Type)).Append(' ').Append(Escape(parameter.Name));
        if (parameter.HasExplicitDefaultValue)
        {
            text.Append(" = ").Append(ProxyLiteralFormatter.Format(parameter.ExplicitDefaultValue, parameter.Type, Format));
        }
        else if (optionalToken)
        {
            text.Append(" = default");
        }

        return text.ToString();
    }

    private bool IsModuleType(ITypeSymbol type) =>
        type is INamedTypeSymbol && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _moduleAssembly);

    private string FormatArray(IArrayTypeSymbol array)
    {
        // C# writes the outermost rank first: an array of int[,] is int[,][]... read outside in.
        var ranks = new StringBuilder();
        ITypeSymbol element = array;
        while (element is IArrayTypeSymbol level)
        {
            ranks.Append('[').Append(',', level.Rank - 1).Append(']');
            element = level.ElementType;
        }

        return Format(element) + ranks;
    }

    private string FormatTuple(INamedTypeSymbol tuple) => "(" + string.Join(", ", tuple.TupleElements.Select(e =>
        SymbolEqualityComparer.Default.Equals(e, e.CorrespondingTupleField)
            ? Format(e.Type)
            : Format(e.Type) + " " + Escape(e.Name))) + ")";

    private string FormatGeneric(INamedTypeSymbol named)
    {
        var prefix = named.ContainingType is { } outer
            ? Format(outer) + "."
            : named.ContainingNamespace is { IsGlobalNamespace: false } ns
                ? "global::" + ns.ToDisplayString() + "."
                : "global::";
        var arguments = named.TypeArguments.Length == 0
            ? string.Empty
            : "<" + string.Join(", ", named.TypeArguments.Select(Format)) + ">";
        return prefix + Escape(named.Name) + arguments;
    }
}
