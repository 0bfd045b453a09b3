namespace SimpleRpc.Proxy.Generator.Models;

/// <summary>
/// The overload added next to an async proxy function that takes no <c>CancellationToken</c>: the
/// same name and parameters plus a required token, passed on to the call.
/// </summary>
/// <param name="Modifiers">Accessibility and <c>static</c>, copied from the function.</param>
/// <param name="TokenName">The name of the appended <c>CancellationToken</c> parameter.</param>
internal sealed record TokenOverloadModel(string Modifiers, string TokenName);
