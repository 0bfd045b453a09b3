using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SimpleRpc.Proxy.Generator.Emit;
using SimpleRpc.Proxy.Generator.Extraction;

namespace SimpleRpc.Proxy.Generator;

/// <summary>
/// Writes the bodies of headers-only proxies: for every class marked with
/// <c>[SimpleRpc.Client.RpcModule]</c>, each body-less partial method becomes a call to
/// <c>SimpleRpc.Client.RpcProxy</c> with a static <c>RpcMethod</c> (module, version, signature
/// id); each sync function gets an <c>…Async</c> twin, and each async function without a
/// <c>CancellationToken</c> an overload that takes one.
/// </summary>
/// <remarks>
/// Pipeline: find the marked classes with <c>ForAttributeWithMetadataName</c>,
/// extract them into equatable models (<see cref="TrackingNames.Extract"/>), keep the supported
/// ones (<see cref="TrackingNames.Supported"/>), emit one <c>&lt;Namespace&gt;.&lt;Type&gt;.g.cs</c>
/// each. There is no options stage yet because the generator reads no <c>build_property</c>.
/// The generator reports no diagnostics: what it cannot implement it skips (the compiler's own
/// CS8795 then points at the missing body), and <see cref="Analysis.ProxyContractAnalyzer"/>
/// reports why, with the same rules (<see cref="Extraction.ProxyShapeRules"/>).
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class ProxyGenerator : IIncrementalGenerator
{
    /// <summary>The metadata name of the marker attribute, defined in Shared.</summary>
    public const string AttributeMetadataName = "SimpleRpc.Client.RpcModuleAttribute";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var proxies = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeMetadataName,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (context, cancellationToken) => ProxyClassExtractor.Extract(context, cancellationToken))
            .WithTrackingName(TrackingNames.Extract)
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.Supported);

        context.RegisterSourceOutput(
            proxies,
            static (context, model) => context.AddSource(model!.HintName, SourceText.From(ProxySourceEmitter.Emit(model), Encoding.UTF8)));
    }
}
