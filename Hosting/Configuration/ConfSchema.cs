using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// The keys an options type accepts, walked over one layer of configuration before binding: an
/// unknown key, a value where an object or a list belongs, or an object where a value belongs is
/// an error that names the key and the layer (the binder would ignore the first and guess at the
/// others).
/// </summary>
public static class ConfSchema
{
    /// <summary>Checks every key of <paramref name="layer"/> against <paramref name="type"/>.</summary>
    /// <exception cref="ConfException">A key that <paramref name="type"/> does not have, or of the wrong shape.</exception>
    public static void Check(IConfiguration layer, Type type, string source) => CheckChildren(layer.GetChildren(), type, null, source);

    /// <summary>Whether <paramref name="key"/> (the first segment of a key) names a setting of <paramref name="type"/>.</summary>
    public static bool HasTopLevelKey(Type type, string key) => Property(type, key) is not null;

    /// <summary>The settable property that <paramref name="key"/> names, compared without case, or null.</summary>
    public static PropertyInfo? Property(Type type, string key) =>
        type.GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { SetMethod.IsPublic: true } property ? property : null;

    /// <summary>The element type when <paramref name="type"/> is a list, an array or a dictionary by string; else null.</summary>
    public static Type? ElementType(Type type, out bool isDictionary)
    {
        var dictionary = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        isDictionary = dictionary is not null;
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[0] : null;
    }

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);
    }

    private static void CheckChildren(IEnumerable<IConfigurationSection> children, Type type, string? path, string source)
    {
        var element = ElementType(type, out var isDictionary);
        foreach (var child in children)
        {
            var key = path is null ? child.Key : path + "." + child.Key;
            Type target;
            if (element is not null)
            {
                if (!isDictionary && !int.TryParse(child.Key, out _))
                {
                    throw new ConfException($"{source}: '{path}' is a list; '{key}' is not one of its items.");
                }

                target = element;
            }
            else
            {
                target = Property(type, child.Key)?.PropertyType ?? throw Unknown(type, child.Key, key, source);
            }

            CheckShape(child, target, key, source);
        }
    }

    private static void CheckShape(IConfigurationSection section, Type target, string key, string source)
    {
        var hasChildren = section.GetChildren().Any();
        if (IsScalar(target))
        {
            if (hasChildren)
            {
                throw new ConfException($"{source}: '{key}' takes a single value, not an object or a list.");
            }

            return;
        }

        if (section.Value is not null && !hasChildren)
        {
            var what = ElementType(target, out var isDictionary) is null || isDictionary ? "an object" : "a list";
            throw new ConfException($"{source}: '{key}' takes {what}, not the value '{section.Value}'.");
        }

        CheckChildren(section.GetChildren(), target, key, source);
    }

    private static ConfException Unknown(Type type, string name, string key, string source)
    {
        var known = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true).Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]);
        var byLower = known.ToDictionary(k => k.ToLowerInvariant(), StringComparer.Ordinal);
        var near = OptionSuggestions.For(name.ToLowerInvariant(), byLower.Keys).Select(k => byLower[k]).ToList();
        var hint = near.Count > 0 ? $" Did you mean '{string.Join("' or '", near)}'?" : string.Empty;
        return new ConfException($"{source}: unknown key '{key}' (not a setting of {type.Name}).{hint}");
    }
}
