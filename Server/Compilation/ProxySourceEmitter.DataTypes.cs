using System.Text;
using Microsoft.CodeAnalysis;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// The data types part of the proxy: enums, records, classes and structs as data shapes, each
/// written at <c>indent</c> because they are nested in the module's proxy class.
/// </summary>
public static partial class ProxySourceEmitter
{
    private static void EmitEnum(StringBuilder text, string indent, INamedTypeSymbol type)
    {
        if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.FlagsAttribute"))
        {
            Line(text, indent + "[global::System.Flags]");
        }

        var underlying = type.EnumUnderlyingType is { SpecialType: not SpecialType.System_Int32 } u
            ? " : " + u.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            : string.Empty;
        Line(text, indent + "public enum " + ProxyTypeFormatter.Escape(type.Name) + underlying);
        Line(text, indent + "{");
        var members = type.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue)
            .OrderBy(DataTypeShape.SourceOrder);
        foreach (var member in members)
        {
            Line(text, indent + Indent + ProxyTypeFormatter.Escape(member.Name) + " = "
                + ProxyLiteralFormatter.FormatPrimitive(member.ConstantValue!) + ",");
        }

        Line(text, indent + "}");
    }

    private static void EmitDataType(StringBuilder text, string indent, INamedTypeSymbol type, IAssemblySymbol moduleAssembly, ProxyTypeFormatter formatter)
    {
        var modifier = type.IsValueType ? string.Empty
            : type.IsAbstract ? "abstract "
            : type.IsSealed ? "sealed "
            : string.Empty;
        var kind = (type.IsRecord, type.IsValueType) switch
        {
            (true, true) => "record struct ",
            (true, false) => "record ",
            (false, true) => "struct ",
            _ => "class ",
        };
        var header = new StringBuilder("public ").Append(modifier).Append(kind).Append(ProxyTypeFormatter.Escape(type.Name));
        if (DataTypeShape.PositionalConstructor(type) is { } constructor)
        {
            header.Append('(').Append(formatter.FormatParameters(constructor.Parameters)).Append(')');
        }

        var members = DataTypeShape.Members(type, moduleAssembly);
        if (members.Count == 0 && DataTypeShape.PositionalConstructor(type) is not null)
        {
            Line(text, indent + header + ";");
            return;
        }

        Line(text, indent + header.ToString());
        Line(text, indent + "{");
        foreach (var member in members)
        {
            Line(text, indent + Indent + FormatMember(member, type, formatter));
        }

        Line(text, indent + "}");
    }

    private static string FormatMember(ISymbol member, INamedTypeSymbol declaring, ProxyTypeFormatter formatter)
    {
        var (required, settable) = member switch
        {
            IPropertySymbol p => (p.IsRequired, p.SetMethod is { DeclaredAccessibility: Accessibility.Public, IsInitOnly: false }),
            IFieldSymbol f => (f.IsRequired, !f.IsReadOnly),
            _ => (false, false),
        };
        var type = DataTypeShape.TypeOf(member);

        // A non-nullable reference without an initializer is warning CS8618 in the app's build,
        // and apps build with warnings as errors; a struct may not have initializers without a
        // constructor, and needs none (its default is allowed).
        var initializer = !required && !declaring.IsValueType && type.IsReferenceType
            && type.NullableAnnotation != NullableAnnotation.Annotated
                ? " = default!;"
                : string.Empty;
        return "public " + (required ? "required " : string.Empty) + formatter.Format(type) + " "
            + ProxyTypeFormatter.Escape(member.Name) + (settable ? " { get; set; }" : " { get; init; }") + initializer;
    }
}
