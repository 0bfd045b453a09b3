using Microsoft.CodeAnalysis;

namespace SimpleRpc.Server.Compilation;

/// <summary>
/// Compares the public surface of two versions of a module, from the symbols of their two
/// compilations (never their text): functions, their parameters and results, data types and their
/// members, enum members. Each difference becomes one <see cref="SurfaceChange"/>, classed by what
/// it does to a caller on the wire: JSON-RPC calls by name with positional or named params, and
/// generated proxies that call by signature id (<c>Add(int,int)</c>, parameter types only).
/// </summary>
/// <remarks>The rules, with one row per change, are in docs/modules.md ("Publishing a new version"). Stateless and thread-safe.</remarks>
internal static partial class ModuleSurfaceComparer
{
    /// <summary>The changes from <paramref name="before"/> (the serving version) to <paramref name="after"/>, functions first, each in source order.</summary>
    public static IReadOnlyList<SurfaceChange> Compare(ModuleExports before, ModuleExports after)
    {
        var changes = new List<SurfaceChange>();
        CompareFunctions(before.Functions, after.Functions, changes);
        CompareDataTypes(before, after, changes);
        return changes;
    }

    /// <summary>
    /// The functions of <paramref name="before"/> whose signature id no longer reaches a function
    /// in <paramref name="after"/>: removed, renamed, or with other parameter types (a function that
    /// only gained optional parameters at its end still answers its old id).
    /// </summary>
    public static IReadOnlyList<IMethodSymbol> RemovedFunctions(ModuleExports before, ModuleExports after) =>
        [.. before.Functions.Where(old => !after.Functions.Any(f => f.Name == old.Name && (WireKey(f) == WireKey(old) || ExtendsWithOptional(old, f))))];

    private static void CompareFunctions(IReadOnlyList<IMethodSymbol> before, IReadOnlyList<IMethodSymbol> after, List<SurfaceChange> changes)
    {
        var added = after.ToList();

        // Same name and the same parameter types: the signature id a proxy calls by is unchanged.
        var unmatched = new List<IMethodSymbol>();
        foreach (var old in before)
        {
            var same = added.FirstOrDefault(f => f.Name == old.Name && WireKey(f) == WireKey(old));
            if (same is null)
            {
                unmatched.Add(old);
                continue;
            }

            added.Remove(same);
            CompareSameSignature(old, same, changes);
        }

        // The old parameters followed by optional ones: old calls still bind (the server maps an
        // old signature id to it too, InProcessInvoker.Resolve).
        var changed = new List<IMethodSymbol>();
        foreach (var old in unmatched)
        {
            var extended = added.FirstOrDefault(f => f.Name == old.Name && ExtendsWithOptional(old, f));
            if (extended is null)
            {
                changed.Add(old);
                continue;
            }

            added.Remove(extended);
            var extra = WireParameters(extended).Skip(WireParameters(old).Count).Select(p => "'" + p.Name + "'");
            changes.Add(new(SurfaceChangeClass.Compatible, $"function {Display(old)}: optional parameter {string.Join(", ", extra)} added", old.Name));
            CompareSameSignature(old, extended, changes);
        }

        foreach (var old in changed)
        {
            var sameName = added.Where(f => f.Name == old.Name).ToList();
            if (sameName.Count == 1 && changed.Count(f => f.Name == old.Name) == 1)
            {
                added.Remove(sameName[0]);
                DescribeParameterChanges(old, sameName[0], changes);
                CompareReturn(old, sameName[0], changes);
            }
            else if (sameName.Count == 0 && after.All(f => f.Name != old.Name)
                && added.FirstOrDefault(f => before.All(b => b.Name != f.Name) && WireKey(f) == WireKey(old) && TypeKey(f.ReturnType) == TypeKey(old.ReturnType)) is { } renamed)
            {
                added.Remove(renamed);
                changes.Add(new(SurfaceChangeClass.Breaking, $"function {Display(old)} renamed to {renamed.Name}", old.Name));
            }
            else
            {
                var what = after.Any(f => f.Name == old.Name) ? "overload" : "function";
                changes.Add(new(SurfaceChangeClass.Breaking, $"{what} {Display(old)} removed", old.Name));
            }
        }

        foreach (var function in added)
        {
            changes.Add(new(SurfaceChangeClass.Compatible, $"function {Display(function)} added"));
        }
    }

    // Same parameter types in the same order: names, defaults and the result may still differ.
    private static void CompareSameSignature(IMethodSymbol old, IMethodSymbol now, List<SurfaceChange> changes)
    {
        var oldParameters = WireParameters(old);
        var newParameters = WireParameters(now);
        var oldNames = oldParameters.Select(p => p.Name).ToList();
        var newNames = newParameters.Take(oldParameters.Count).Select(p => p.Name).ToList();
        if (!oldNames.SequenceEqual(newNames))
        {
            var what = oldNames.Order(StringComparer.Ordinal).SequenceEqual(newNames.Order(StringComparer.Ordinal), StringComparer.Ordinal)
                ? $"parameters reordered ({string.Join(", ", oldNames)}) → ({string.Join(", ", newNames)})"
                : $"parameters renamed ({string.Join(", ", oldNames)}) → ({string.Join(", ", newNames)}), which breaks callers that pass params by name";
            changes.Add(new(SurfaceChangeClass.Breaking, $"function {Display(old)}: {what}", old.Name));
        }

        for (var i = 0; i < oldParameters.Count; i++)
        {
            CompareDefault(old, oldParameters[i], newParameters[i], changes);
        }

        CompareReturn(old, now, changes);
    }

    private static void CompareDefault(IMethodSymbol function, IParameterSymbol old, IParameterSymbol now, List<SurfaceChange> changes)
    {
        if (old.HasExplicitDefaultValue && !now.HasExplicitDefaultValue)
        {
            changes.Add(new(SurfaceChangeClass.Breaking, $"function {Display(function)}: parameter '{now.Name}' is no longer optional", function.Name));
        }
        else if (!old.HasExplicitDefaultValue && now.HasExplicitDefaultValue)
        {
            changes.Add(new(SurfaceChangeClass.Compatible, $"function {Display(function)}: parameter '{now.Name}' became optional", function.Name));
        }
        else if (old.HasExplicitDefaultValue && !Equals(old.ExplicitDefaultValue, now.ExplicitDefaultValue))
        {
            changes.Add(new(
                SurfaceChangeClass.Compatible,
                $"function {Display(function)}: default of '{now.Name}' changed from {Literal(old.ExplicitDefaultValue)} to {Literal(now.ExplicitDefaultValue)} (callers that leave it out get the new value)",
                function.Name));
        }
    }

    private static void CompareReturn(IMethodSymbol old, IMethodSymbol now, List<SurfaceChange> changes)
    {
        if (TypeKey(old.ReturnType) == TypeKey(now.ReturnType))
        {
            return;
        }

        var from = TypeDisplay(old.ReturnType);
        var to = TypeDisplay(now.ReturnType);
        changes.Add(ResultKey(old.ReturnType) == ResultKey(now.ReturnType)
            ? new(SurfaceChangeClass.CompatibleOnWire, $"function {Display(old)} turned {(IsAsync(now.ReturnType) ? "async" : "sync")}: {from} → {to} (the same on the wire; an app's code that uses the result changes when it rebuilds)", old.Name)
            : new(SurfaceChangeClass.Breaking, $"function {Display(old)}: return type changed from {from} to {to}", old.Name));
    }
}
