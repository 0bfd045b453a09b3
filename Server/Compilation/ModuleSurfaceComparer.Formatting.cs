using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SimpleRpc.Server.Compilation;

internal static partial class ModuleSurfaceComparer
{
    // Identity of a type across two compilations: fully qualified, nullable reference annotations
    // left out (they do not change the wire or the signature id), Nullable<T> kept (int? is a
    // different signature id than int).
    private static readonly SymbolDisplayFormat KeyFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    private static readonly SymbolDisplayFormat ShowFormat = SymbolDisplayFormat.MinimallyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static string TypeKey(ITypeSymbol type) => type.ToDisplayString(KeyFormat);

    private static string TypeDisplay(ITypeSymbol type) => type.ToDisplayString(ShowFormat);

    /// <summary>The parameters a caller sends: all but <see cref="CancellationToken"/>s, which the server supplies.</summary>
    private static List<IParameterSymbol> WireParameters(IMethodSymbol function) =>
        [.. function.Parameters.Where(p => TypeKey(p.Type) != "global::System.Threading.CancellationToken")];

    private static string WireKey(IMethodSymbol function) => string.Join(",", WireParameters(function).Select(p => TypeKey(p.Type)));

    /// <summary>What a caller receives: <c>T</c> of <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>, <c>void</c> for <c>Task</c> and <c>ValueTask</c>.</summary>
    private static string ResultKey(ITypeSymbol type) => type switch
    {
        INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named when IsTaskLike(named) => TypeKey(named.TypeArguments[0]),
        INamedTypeSymbol { IsGenericType: false } named when IsTaskLike(named) => "void",
        _ => TypeKey(type),
    };

    private static bool IsAsync(ITypeSymbol type) => type is INamedTypeSymbol named && IsTaskLike(named);

    private static bool IsTaskLike(INamedTypeSymbol type) =>
        type.Name is "Task" or "ValueTask"
        && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";

    /// <summary>A function as the uploader reads it: <c>double Average(double[] values)</c>.</summary>
    private static string Display(IMethodSymbol function) =>
        TypeDisplay(function.ReturnType) + " " + function.Name + "("
        + string.Join(", ", function.Parameters.Select(p => TypeDisplay(p.Type) + " " + p.Name)) + ")";

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
