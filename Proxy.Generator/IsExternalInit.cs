namespace System.Runtime.CompilerServices;

/// <summary>
/// Polyfill that lets records with <c>init</c> accessors compile on netstandard2.0, which does
/// not ship this marker type.
/// </summary>
internal static class IsExternalInit
{
}
