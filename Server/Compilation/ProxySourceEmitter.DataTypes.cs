using System.Text;
using Microsoft.CodeAnalysis;

namespace SimpleRpc.Server.Compilation;

/// <summary>The data types part of the proxy: enums, records, classes and structs as data shapes.</summary>
public static partial class ProxySourceEmitter
{
    private static void EmitEnum(StringBuilder text, INamedTypeSymbol type)
    {
        if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.FlagsAttribute"))
        {
            Line(text, "[global::System.Flags]");
        }

        var underlying = type.EnumUnderlyingType is { SpecialType: not SpecialType.System_Int32 } u
            ? " : " + u.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            : string.Empty;
        Line(text, "public enum " + ProxyTypeFormatter.Escape(type.Name) + underlying);
        Line(text, "{");
        var members = type.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue)
            .OrderBy(DataTypeShape.SourceOrder);
        foreach (var member in members)
        {
            Line(text, Indent + ProxyTypeFormatter.Escape(member.Name) + " = "
                + ProxyLiteralFormatter.FormatPrimitive(member.ConstantValue!) + ",");
        }

        Line(text, "}");
    }

    private static void EmitDataType(StringBuilder text, INamedTypeSymbol type, IAssemblySymbol moduleAssembly, ProxyTypeFormatter formatter)
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
            Line(text, header + ";");
            return;
        }

        Line(text, header.ToString());
        Line(text, "{");
        foreach (var member in members)
        {
            Line(text, Indent + FormatMember(member, type, formatter));
        }

        Line(text, "}");
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
