using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace SimpleRpc.Server.Serialization;

/// <summary>
/// How a module's record or class maps to a JSON object: its public instance properties, named
/// in camelCase, and how to construct it (a parameterless constructor plus setters, or the
/// constructor whose parameters name properties, as a positional record has).
/// </summary>
internal sealed class ObjectShape
{
    private readonly ConstructorInfo? _constructor;
    private readonly Member?[] _constructorMembers;
    private readonly Dictionary<string, Member> _byName;

    private ObjectShape(Type type, List<Member> members, ConstructorInfo? constructor, Member?[] constructorMembers)
    {
        Type = type;
        Members = members;
        _constructor = constructor;
        _constructorMembers = constructorMembers;
        _byName = members.ToDictionary(m => m.Info.Name, StringComparer.OrdinalIgnoreCase);
    }

    public Type Type { get; }

    public IReadOnlyList<Member> Members { get; }

    public static ObjectShape For(Type type, NamingStrategy naming)
    {
        // Public properties and public fields, as the proxy declares them (fields become properties there).
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && p.Name != "EqualityContract")
            .Cast<MemberInfo>()
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            .OrderBy(m => m.MetadataToken)
            .Select(m => new Member(m, naming.GetPropertyName(m.Name, hasSpecifiedName: false)))
            .ToList();
        var byName = members.ToDictionary(m => m.Info.Name, StringComparer.OrdinalIgnoreCase);
        var parameterless = type.GetConstructor(Type.EmptyTypes);
        if (parameterless is not null || type.IsValueType)
        {
            return new ObjectShape(type, members, parameterless, []);
        }

        var constructor = type.GetConstructors()
            .Where(c => c.GetParameters().All(p => byName.ContainsKey(p.Name ?? string.Empty)))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new JsonSerializationException($"{type.Name} has no public constructor whose parameters name its properties.");
        return new ObjectShape(type, members, constructor, [.. constructor.GetParameters().Select(p => byName[p.Name!])]);
    }

    public Member? Find(string jsonName) => _byName.GetValueOrDefault(jsonName);

    /// <summary>Builds an instance from the members read; members not given keep their defaults.</summary>
    public object Create(Dictionary<Member, object?> values)
    {
        var arguments = _constructorMembers.Select((m, i) => values.TryGetValue(m!, out var v) ? v : DefaultOf(_constructor!.GetParameters()[i])).ToArray();
        var instance = _constructor is null ? Activator.CreateInstance(Type)! : _constructor.Invoke(arguments);
        foreach (var (member, value) in values)
        {
            if (Array.IndexOf(_constructorMembers, member) < 0)
            {
                member.SetValue(instance, value);
            }
        }

        return instance;
    }

    private static object? DefaultOf(ParameterInfo parameter) =>
        parameter.HasDefaultValue ? parameter.DefaultValue
        : parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null;

    /// <summary>One property or field and its JSON name.</summary>
    public sealed record Member(MemberInfo Info, string JsonName)
    {
        /// <summary>The member's declared type.</summary>
        public Type Type => Info is PropertyInfo property ? property.PropertyType : ((FieldInfo)Info).FieldType;

        /// <summary>Reads the member of <paramref name="instance"/>.</summary>
        public object? GetValue(object instance) => Info is PropertyInfo property ? property.GetValue(instance) : ((FieldInfo)Info).GetValue(instance);

        /// <summary>Sets the member of <paramref name="instance"/>.</summary>
        /// <exception cref="JsonSerializationException">It is read-only and no constructor parameter takes it.</exception>
        public void SetValue(object instance, object? value)
        {
            switch (Info)
            {
                case PropertyInfo { SetMethod: not null } property:
                    property.SetValue(instance, value);
                    break;
                case FieldInfo { IsInitOnly: false } field:
                    field.SetValue(instance, value);
                    break;
                default:
                    throw new JsonSerializationException($"{Info.DeclaringType?.Name}.{Info.Name} cannot be set.");
            }
        }
    }
}
