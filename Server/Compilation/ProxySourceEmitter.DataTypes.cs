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

    private static void EmitDataType(StringBuilder text, string indent, INamedTypeSymbol type, ModuleExports exports, ProxyTypeFormatter formatter)
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

        var members = DataTypeShape.Members(type, exports.ModuleAssembly);
        var constructors = DataTypeShape.Constructors(type, members);
        if (members.Count == 0 && constructors.Count == 0 && DataTypeShape.PositionalConstructor(type) is not null)
        {
            Line(text, indent + header + ";");
            return;
        }

        Line(text, indent + header.ToString());
        Line(text, indent + "{");

        // A struct may have initializers only if it declares a constructor (CS8983).
        var initializers = new ProxyInitializers(exports.Compilation, formatter);
        var keepInitializers = !type.IsValueType || constructors.Count > 0;
        foreach (var member in members)
        {
            Line(text, indent + Indent + FormatMember(member, type, formatter, keepInitializers ? initializers.Of(member) : null));
        }

        foreach (var (ctor, assigns) in constructors)
        {
            EmitConstructor(text, indent + Indent, type, ctor, assigns, formatter);
        }

        Line(text, indent + "}");
    }

    /// <summary>
    /// A constructor as a data shape: the module's parameters (with defaults), each assigned to the
    /// data member of its name; whatever else the module's constructor does is not in the proxy.
    /// </summary>
    private static void EmitConstructor(StringBuilder text, string indent, INamedTypeSymbol type, IMethodSymbol constructor, IReadOnlyList<ISymbol> assigns, ProxyTypeFormatter formatter)
    {
        if (constructor.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute"))
        {
            Line(text, indent + "[global::System.Diagnostics.CodeAnalysis.SetsRequiredMembers]");
        }

        Line(text, indent + "public " + ProxyTypeFormatter.Escape(type.Name) + "(" + formatter.FormatParameters(constructor.Parameters) + ")");
        Line(text, indent + "{");
        for (var i = 0; i < assigns.Count; i++)
        {
            Line(text, indent + Indent + "this." + ProxyTypeFormatter.Escape(assigns[i].Name) + " = " + ProxyTypeFormatter.Escape(constructor.Parameters[i].Name) + ";");
        }

        Line(text, indent + "}");
    }

    /// <summary>
    /// An exception type of the module, as an exception type of the proxy: derived from its base
    /// if that is a module exception too, else from <c>RemoteInvocationException</c>, and marked
    /// with the name the server reports, so the generator maps the module's exception to it. Its
    /// own members are not declared: only message, type and stack trace travel.
    /// </summary>
    private static void EmitException(StringBuilder text, string indent, INamedTypeSymbol type, ModuleExports exports, ProxyTypeFormatter formatter)
    {
        const string Remote = "global::SimpleRpc.Rpc.RemoteInvocationException";
        var baseType = type.BaseType is { } b && SymbolEqualityComparer.Default.Equals(b.ContainingAssembly, exports.ModuleAssembly)
            && exports.DataTypes.Contains(b, SymbolEqualityComparer.Default)
                ? formatter.Format(b)
                : Remote;
        var name = ProxyTypeFormatter.Escape(type.Name);
        if (!type.IsAbstract)
        {
            Line(text, indent + "[global::SimpleRpc.Client.RpcRemoteException(" + Literal(DataTypeShape.RuntimeFullName(type)) + ")]");
        }

        Line(text, indent + "public " + (type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : string.Empty) + "class " + name + " : " + baseType);
        Line(text, indent + "{");
        Line(text, indent + Indent + "/// <summary>Creates the exception from what the server reported.</summary>");
        Line(text, indent + Indent + (type.IsAbstract ? "protected " : "public ") + name + "(" + Remote + " remote)");
        Line(text, indent + Indent + Indent + ": base(remote)");
        Line(text, indent + Indent + "{");
        Line(text, indent + Indent + "}");
        Line(text, indent + "}");
    }

    private static string FormatMember(ISymbol member, INamedTypeSymbol declaring, ProxyTypeFormatter formatter, string? initializer)
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
        var suffix = initializer is not null ? " = " + initializer + ";"
            : !required && !declaring.IsValueType && type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.Annotated
                ? " = default!;"
                : string.Empty;
        return "public " + (required ? "required " : string.Empty) + formatter.Format(type) + " "
            + ProxyTypeFormatter.Escape(member.Name) + (settable ? " { get; set; }" : " { get; init; }") + suffix;
    }
}
