namespace SimpleRpc.Proxy.Generator.Tests.Support;

/// <summary>The checks every snapshot test makes.</summary>
internal static class ProxyAssert
{
    /// <summary>
    /// Runs the generator over <paramref name="sources"/>, checks it reported nothing and threw
    /// nothing, compares its output to the current test's snapshots, and checks that inputs and
    /// output compile together with no error or warning.
    /// </summary>
    public static void GeneratesSnapshotAndCompiles(params (string Path, string Text)[] sources)
    {
        var result = GeneratorHarness.Run(sources);

        Assert.That(result.Run.Exception, Is.Null);
        Assert.That(result.Run.Diagnostics, Is.Empty);
        Snapshots.Verify(result.Run.Sources());
        Assert.That(result.CompilationDiagnostics, Is.Empty, result.CompilationDiagnostics.Describe());
    }
}
