namespace SimpleRpc.Proxy.Generator.Models;

/// <summary>The <c>…Async</c> method added next to a sync proxy function.</summary>
/// <param name="Modifiers">Accessibility and <c>static</c>, copied from the sync function.</param>
/// <param name="Name">The twin's identifier, the function's name plus <c>Async</c>.</param>
/// <param name="TokenName">The name of the <c>CancellationToken</c> parameter the twin appends,
/// or empty when the sync function already takes one and the twin reuses it.</param>
/// <param name="ParamsOverload">Whether a second twin without the token keeps the function's
/// <c>params</c> (the twin that appends a token cannot: <c>params</c> must come last).</param>
internal sealed record AsyncTwinModel(string Modifiers, string Name, string TokenName, bool ParamsOverload = false);
