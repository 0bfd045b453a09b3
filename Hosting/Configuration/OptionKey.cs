namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// A command-line option and the conf key it sets, in the configuration's notation
/// (<c>dashboard:port</c>): with <see cref="Value"/> null the option's own value, else that fixed
/// value (<c>--tls-trust</c> also sets <c>tls:enabled</c> to <c>true</c>). An option may set several keys.
/// </summary>
/// <param name="Option">The option's name without dashes.</param>
/// <param name="Key">The conf key it sets.</param>
/// <param name="Value">A fixed value, or null for the option's own.</param>
public sealed record OptionKey(string Option, string Key, string? Value = null);
