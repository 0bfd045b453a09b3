using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SimpleRpc.Proxy.Generator.Models;

namespace SimpleRpc.Proxy.Generator.Extraction;

/// <summary>Turns one partial method declaration of a proxy class into a <see cref="ProxyMethodModel"/>.</summary>
internal static class ProxyMethodExtractor
{
    private const string TokenName = "cancellationToken";

    /// <summary>
    /// The model of <paramref name="method"/>, or null when it is not a body-less partial method
    /// the generator can implement (<see cref="ProxyShapeRules.CheckMethod"/>: generic, by-ref,
    /// pointer or ref-struct types, varargs, or more than one <c>CancellationToken</c>). Such
    /// methods are left alone; <see cref="Analysis.ProxyContractAnalyzer"/> reports them.
    /// </summary>
    /// <param name="method">A method of the proxy class.</param>
    /// <param name="fieldName">The name of the <c>RpcMethod</c> field to declare for it.</param>
    /// <param name="twinKeys">Signatures of the twins already planned for the class, to avoid duplicates.</param>
    /// <param name="cancellationToken">Cancels the extraction.</param>
    public static ProxyMethodModel? Extract(IMethodSymbol method, string fieldName, HashSet<string> twinKeys, CancellationToken cancellationToken)
    {
        if (ProxyShapeRules.CheckMethod(method).Issue != MethodIssue.None
            || method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not MethodDeclarationSyntax syntax)
        {
            return null;
        }

        var kind = TypeShapes.GetReturnKind(method, out var result);
        var parameters = ExtractParameters(method);
        var isSync = kind is ProxyReturnKind.Void or ProxyReturnKind.Value;
        return new ProxyMethodModel(
            string.Join(" ", syntax.Modifiers.Select(modifier => modifier.Text)),
            method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(TypeShapes.FullyQualified),
            TypeShapes.Escape(method.Name),
            method.Name,
            SignatureIds.For(method),
            fieldName,
            kind,
            result?.ToDisplayString(TypeShapes.FullyQualified) ?? string.Empty,
            new EquatableArray<ProxyParameterModel>(parameters),
            isSync ? PlanTwin(method, parameters, twinKeys) : null,
            isSync ? null : PlanTokenOverload(method, parameters),
            ProxyShapeRules.GetRemovedIn(method));
    }

    private static ProxyParameterModel[] ExtractParameters(IMethodSymbol method)
    {
        var parameters = new ProxyParameterModel[method.Parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            parameters[i] = new ProxyParameterModel(
                TypeShapes.Escape(parameter.Name),
                parameter.Type.ToDisplayString(TypeShapes.FullyQualified),
                parameter.IsParams,
                IsThis: i == 0 && method.IsExtensionMethod,
                TypeShapes.IsCancellationToken(parameter.Type),
                DefaultValueFormatter.Format(parameter));
        }

        return parameters;
    }

    /// <summary>
    /// Plans the <c>…Async</c> twin of a sync function: none when the class already has a member
    /// of that name (or inherits one) or another twin already has the same parameter types.
    /// </summary>
    private static AsyncTwinModel? PlanTwin(IMethodSymbol method, ProxyParameterModel[] parameters, HashSet<string> twinKeys)
    {
        var name = method.Name + "Async";
        if (name == method.ContainingType.Name)
        {
            return null;
        }

        // Base members count too: a twin that hides one would warn (CS0108) in the app's build.
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (!type.GetMembers(name).IsEmpty)
            {
                return null;
            }
        }

        var reusesToken = parameters.Any(p => p.IsCancellationToken);
        var tokenName = reusesToken ? string.Empty : UniqueTokenName(parameters);
        var types = parameters.Select(p => p.Type);
        if (!reusesToken)
        {
            types = types.Concat(["global::System.Threading.CancellationToken"]);
        }

        if (!twinKeys.Add(name + "(" + string.Join(",", types) + ")"))
        {
            return null;
        }

        // F(params int[] v) gets FAsync(int[] v, CancellationToken t = default) and, so that
        // FAsync(1, 2, 3) works as F(1, 2, 3) does, FAsync(params int[] v) as well.
        var paramsOverload = !reusesToken && parameters.Any(p => p.IsParams)
            && twinKeys.Add(name + "(" + string.Join(",", parameters.Select(p => p.Type)) + ")");
        return new AsyncTwinModel(Modifiers(method), TypeShapes.Escape(name), tokenName, paramsOverload);
    }

    /// <summary>
    /// Plans the overload of an async function that takes no token: the same parameters plus a
    /// <c>CancellationToken</c>. None when the function takes a token already, or when the class
    /// (or a base) already has a method of that name with exactly those parameter types.
    /// </summary>
    private static TokenOverloadModel? PlanTokenOverload(IMethodSymbol method, ProxyParameterModel[] parameters)
    {
        if (parameters.Any(p => p.IsCancellationToken))
        {
            return null;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.GetMembers(method.Name).OfType<IMethodSymbol>().Any(other => TakesParametersPlusToken(other, method)))
            {
                return null;
            }
        }

        return new TokenOverloadModel(Modifiers(method), UniqueTokenName(parameters));
    }

    /// <summary>Whether <paramref name="other"/>'s parameters are <paramref name="method"/>'s plus a trailing token.</summary>
    private static bool TakesParametersPlusToken(IMethodSymbol other, IMethodSymbol method)
    {
        var count = method.Parameters.Length;
        if (other.Parameters.Length != count + 1 || !TypeShapes.IsCancellationToken(other.Parameters[count].Type))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            // Default equality ignores nullable annotations, as overload resolution does.
            if (!SymbolEqualityComparer.Default.Equals(other.Parameters[i].Type, method.Parameters[i].Type))
            {
                return false;
            }
        }

        return true;
    }

    private static string Modifiers(IMethodSymbol method) =>
        TypeShapes.AccessibilityText(method.DeclaredAccessibility) + (method.IsStatic ? " static" : string.Empty);

    private static string UniqueTokenName(ProxyParameterModel[] parameters)
    {
        var candidate = TokenName;
        for (var suffix = 1; parameters.Any(p => p.Name == candidate); suffix++)
        {
            candidate = TokenName + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
