using Microsoft.CodeAnalysis;

namespace SimpleRpc.Server.Compilation;

internal static partial class ModuleSurfaceComparer
{
    // Parameters of a one-to-one change (same name, one overload before and after): matched by name.
    private static void DescribeParameterChanges(IMethodSymbol old, IMethodSymbol now, List<SurfaceChange> changes)
    {
        var oldParameters = WireParameters(old);
        var newParameters = WireParameters(now);
        var lines = new List<string>();
        var renamed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(oldParameters.Count, newParameters.Count); i++)
        {
            var (o, n) = (oldParameters[i], newParameters[i]);
            if (o.Name != n.Name && newParameters.All(p => p.Name != o.Name) && oldParameters.All(p => p.Name != n.Name))
            {
                renamed.Add(n.Name);
                lines.Add(TypeKey(o.Type) == TypeKey(n.Type)
                    ? $"parameter '{o.Name}' renamed to '{n.Name}'"
                    : $"parameter '{o.Name}' ({TypeDisplay(o.Type)}) replaced by '{n.Name}' ({TypeDisplay(n.Type)})");
            }
        }

        foreach (var o in oldParameters.Where(o => newParameters.All(n => n.Name != o.Name) && !renamed.Contains(NewNameAt(oldParameters.IndexOf(o), newParameters))))
        {
            lines.Add($"parameter '{o.Name}' removed");
        }

        foreach (var n in newParameters.Where(n => oldParameters.All(o => o.Name != n.Name) && !renamed.Contains(n.Name)))
        {
            lines.Add(n.HasExplicitDefaultValue ? $"optional parameter '{n.Name}' added before the end" : $"parameter '{n.Name}' ({TypeDisplay(n.Type)}) added without a default");
        }

        foreach (var o in oldParameters)
        {
            if (newParameters.FirstOrDefault(p => p.Name == o.Name) is { } n && TypeKey(o.Type) != TypeKey(n.Type))
            {
                lines.Add($"parameter '{o.Name}' retyped from {TypeDisplay(o.Type)} to {TypeDisplay(n.Type)}");
            }
        }

        var oldOrder = oldParameters.Select(p => p.Name).Where(name => newParameters.Any(p => p.Name == name)).ToList();
        var newOrder = newParameters.Select(p => p.Name).Where(name => oldParameters.Any(p => p.Name == name)).ToList();
        if (!oldOrder.SequenceEqual(newOrder))
        {
            lines.Add($"parameters reordered ({string.Join(", ", oldOrder)}) → ({string.Join(", ", newOrder)})");
        }

        if (lines.Count == 0)
        {
            lines.Add("signature changed to " + Display(now));
        }

        foreach (var line in lines)
        {
            changes.Add(new(SurfaceChangeClass.Breaking, $"function {Display(old)}: {line}", old.Name));
        }
    }

    private static string NewNameAt(int index, IReadOnlyList<IParameterSymbol> parameters) =>
        index < parameters.Count ? parameters[index].Name : string.Empty;

    private static bool ExtendsWithOptional(IMethodSymbol old, IMethodSymbol now)
    {
        var oldParameters = WireParameters(old);
        var newParameters = WireParameters(now);
        return newParameters.Count > oldParameters.Count
            && oldParameters.Select(p => TypeKey(p.Type)).SequenceEqual(newParameters.Take(oldParameters.Count).Select(p => TypeKey(p.Type)))
            && newParameters.Skip(oldParameters.Count).All(p => p.HasExplicitDefaultValue);
    }
}
