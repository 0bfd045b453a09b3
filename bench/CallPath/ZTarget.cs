namespace SimpleRpc.Bench.CallPath;

/// <summary>The target StreamJsonRpc's server exposes: two functions of module <c>z</c> (Modules/z.cs), with the same bodies.</summary>
public sealed class ZTarget
{
    /// <summary>Adds two integers.</summary>
    public int Add(int a, int b) => a + b;

    /// <summary>Reverses a string, as <c>z.Reverse</c> does.</summary>
    public string Reverse(string text) => new(text.Reverse().ToArray());
}
