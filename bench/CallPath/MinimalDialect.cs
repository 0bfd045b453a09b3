namespace SimpleRpc.Bench.CallPath;

/// <summary>Which server <see cref="MinimalJsonRpcClient"/> talks to: the method names it sends.</summary>
internal enum MinimalDialect
{
    /// <summary><c>z.Add(int,int)</c> and <c>z.Reverse(string)</c> with <c>moduleVersion</c>, as a generated proxy sends them.</summary>
    SimpleRpc,

    /// <summary><c>Add</c> and <c>Reverse</c>, the methods of the StreamJsonRpc server's <see cref="ZTarget"/>.</summary>
    StreamJsonRpc,
}
