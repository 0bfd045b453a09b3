using Microsoft.CodeAnalysis;

namespace SimpleRpc.Server.Compilation;

internal static partial class ModuleSurfaceComparer
{
    private static void CompareDataTypes(ModuleExports before, ModuleExports after, List<SurfaceChange> changes)
    {
        var now = after.DataTypes.ToDictionary(DataTypeShape.RuntimeFullName, StringComparer.Ordinal);
        var old = before.DataTypes.Select(DataTypeShape.RuntimeFullName).ToHashSet(StringComparer.Ordinal);
        foreach (var type in before.DataTypes)
        {
            var name = type.Name;
            if (!now.TryGetValue(DataTypeShape.RuntimeFullName(type), out var successor))
            {
                changes.Add(new(SurfaceChangeClass.Breaking, $"data type {name} removed"));
            }
            else if ((type.TypeKind == TypeKind.Enum) != (successor.TypeKind == TypeKind.Enum))
            {
                changes.Add(new(SurfaceChangeClass.Breaking, $"data type {name} changed from {KindOf(type)} to {KindOf(successor)}"));
            }
            else if (type.TypeKind == TypeKind.Enum)
            {
                CompareEnum(type, successor, changes);
            }
            else
            {
                if (KindOf(type) != KindOf(successor))
                {
                    changes.Add(new(SurfaceChangeClass.CompatibleOnWire, $"data type {name} changed from {KindOf(type)} to {KindOf(successor)} (the same JSON object)"));
                }

                CompareMembers(name, DataMembers(type, before.ModuleAssembly), DataMembers(successor, after.ModuleAssembly), changes);
            }
        }

        foreach (var type in after.DataTypes.Where(t => !old.Contains(DataTypeShape.RuntimeFullName(t))))
        {
            changes.Add(new(SurfaceChangeClass.Compatible, $"data type {type.Name} added"));
        }
    }

    // JSON reads member names case-insensitively, so members are matched that way.
    private static void CompareMembers(string typeName, IReadOnlyList<DataMember> before, IReadOnlyList<DataMember> after, List<SurfaceChange> changes)
    {
        foreach (var member in before)
        {
            var successor = after.FirstOrDefault(m => string.Equals(m.Name, member.Name, StringComparison.OrdinalIgnoreCase));
            if (successor is null)
            {
                changes.Add(new(SurfaceChangeClass.Breaking, $"member {typeName}.{member.Name} removed"));
                continue;
            }

            if (TypeKey(member.Type) != TypeKey(successor.Type))
            {
                changes.Add(new(SurfaceChangeClass.Breaking, $"member {typeName}.{member.Name} retyped from {TypeDisplay(member.Type)} to {TypeDisplay(successor.Type)}"));
            }

            if (member.Name != successor.Name)
            {
                changes.Add(new(SurfaceChangeClass.CompatibleOnWire, $"member {typeName}.{member.Name} renamed to {successor.Name} (JSON reads member names in any case)"));
            }

            if (!member.Required && successor.Required)
            {
                changes.Add(new(SurfaceChangeClass.Breaking, $"member {typeName}.{member.Name} became required"));
            }
        }

        foreach (var member in after.Where(m => before.All(b => !string.Equals(b.Name, m.Name, StringComparison.OrdinalIgnoreCase))))
        {
            changes.Add(member.Required
                ? new(SurfaceChangeClass.Breaking, $"required member {typeName}.{member.Name} added (callers built against the current version do not send it)")
                : new(SurfaceChangeClass.Compatible, $"member {typeName}.{member.Name} added"));
        }
    }

    // Enums travel as their numbers, and a member's name is accepted on input.
    private static void CompareEnum(INamedTypeSymbol before, INamedTypeSymbol after, List<SurfaceChange> changes)
    {
        if (TypeKey(before.EnumUnderlyingType!) != TypeKey(after.EnumUnderlyingType!))
        {
            changes.Add(new(SurfaceChangeClass.Breaking, $"enum {before.Name} changed its underlying type from {TypeDisplay(before.EnumUnderlyingType!)} to {TypeDisplay(after.EnumUnderlyingType!)}"));
        }

        var oldMembers = EnumMembers(before);
        var newMembers = EnumMembers(after);
        foreach (var member in oldMembers)
        {
            var successor = newMembers.FirstOrDefault(m => m.Name == member.Name);
            if (successor is null)
            {
                changes.Add(new(SurfaceChangeClass.Breaking, $"enum member {before.Name}.{member.Name} ({Literal(member.ConstantValue)}) removed"));
            }
            else if (!Equals(Convert.ToDecimal(member.ConstantValue, System.Globalization.CultureInfo.InvariantCulture), Convert.ToDecimal(successor.ConstantValue, System.Globalization.CultureInfo.InvariantCulture)))
            {
                changes.Add(new(SurfaceChangeClass.Breaking, $"enum member {before.Name}.{member.Name} renumbered from {Literal(member.ConstantValue)} to {Literal(successor.ConstantValue)}"));
            }
        }

        foreach (var member in newMembers.Where(m => oldMembers.All(o => o.Name != m.Name)))
        {
            changes.Add(new(SurfaceChangeClass.Compatible, $"enum member {after.Name}.{member.Name} ({Literal(member.ConstantValue)}) added"));
        }
    }

    private static List<IFieldSymbol> EnumMembers(INamedTypeSymbol type) =>
        [.. type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).OrderBy(DataTypeShape.SourceOrder)];

    // A positional record's primary constructor parameters first, then its other data members.
    private static List<DataMember> DataMembers(INamedTypeSymbol type, IAssemblySymbol moduleAssembly)
    {
        var members = new List<DataMember>();
        if (DataTypeShape.PositionalConstructor(type) is { } constructor)
        {
            members.AddRange(constructor.Parameters.Select(p => new DataMember(p.Name, p.Type, false)));
        }

        members.AddRange(DataTypeShape.Members(type, moduleAssembly).Select(m => new DataMember(m.Name, DataTypeShape.TypeOf(m), m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })));
        return members;
    }

    private static string KindOf(INamedTypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Enum } => "enum",
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        _ => "class",
    };

    private sealed record DataMember(string Name, ITypeSymbol Type, bool Required);
}
