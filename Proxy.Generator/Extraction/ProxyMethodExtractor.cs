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
    /// the generator can implement (generic, by-ref, pointer or ref-struct types, varargs, or more
    /// than one <c>CancellationToken</c>). Such methods are left alone, without a diagnostic.
    /// </summary>
    /// <param name="method">A method of the proxy class.</param>
    /// <param name="twinKeys">Signatures of the twins already planned for the class, to avoid duplicates.</param>
    /// <param name="cancellationToken">Cancels the extraction.</param>
    public static ProxyMethodModel? Extract(IMethodSymbol method, HashSet<string> twinKeys, CancellationToken cancellationToken)
    {
        if (method.MethodKind != MethodKind.Ordinary
            || !method.IsPartialDefinition
            || method.PartialImplementationPart is not null
            || method.IsGenericMethod
            || method.IsVararg
            || method.ReturnsByRef
            || method.ReturnsByRefReadonly)
        {
            return null;
        }

        var kind = TypeShapes.GetReturnKind(method, out var result);
        if ((!method.ReturnsVoid && !TypeShapes.IsSupported(method.ReturnType))
            || method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not MethodDeclarationSyntax syntax)
        {
            return null;
        }

        var parameters = ExtractParameters(method);
        if (parameters is null || parameters.Count(p => p.IsCancellationToken) > 1)
        {
            return null;
        }

        var isSync = kind is ProxyReturnKind.Void or ProxyReturnKind.Value;
        return new ProxyMethodModel(
            string.Join(" ", syntax.Modifiers.Select(modifier => modifier.Text)),
            method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(TypeShapes.FullyQualified),
            TypeShapes.Escape(method.Name),
            method.Name,
            kind,
            result?.ToDisplayString(TypeShapes.FullyQualified) ?? string.Empty,
            new EquatableArray<ProxyParameterModel>(parameters),
            isSync ? PlanTwin(method, parameters, twinKeys) : null);
    }

    private static ProxyParameterModel[]? ExtractParameters(IMethodSymbol method)
    {
        var parameters = new ProxyParameterModel[method.Parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (parameter.RefKind != RefKind.None || !TypeShapes.IsSupported(parameter.Type))
            {
                return null;
            }

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

        var modifiers = TypeShapes.AccessibilityText(method.DeclaredAccessibility) + (method.IsStatic ? " static" : string.Empty);
        return new AsyncTwinModel(modifiers, TypeShapes.Escape(name), tokenName);
    }

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
