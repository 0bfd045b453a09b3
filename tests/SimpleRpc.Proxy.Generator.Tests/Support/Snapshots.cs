namespace SimpleRpc.Proxy.Generator.Tests.Support;

/// <summary>
/// Compares generated files to <c>Snapshots/&lt;Test&gt;/&lt;hint&gt;</c> in the source tree.
/// <see cref="SnapshotSwitch"/> (<c>WRITE_EXPECTED=1</c>) rewrites them instead.
/// </summary>
internal static class Snapshots
{
    private static bool Writing => SnapshotSwitch.Writing;

    /// <summary>Checks (or writes) every generated file of the current test, and that no stale snapshot remains.</summary>
    public static void Verify(IReadOnlyDictionary<string, string> generated)
    {
        var directory = Path.Combine(RepositoryPaths.Snapshots, TestContext.CurrentContext.Test.MethodName!);
        if (Writing)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            foreach (var (hint, text) in generated)
            {
                File.WriteAllText(Path.Combine(directory, hint), text);
            }
        }

        var expected = Directory.Exists(directory)
            ? Directory.GetFiles(directory).ToDictionary(path => Path.GetFileName(path), ReadNormalized, StringComparer.Ordinal)
            : [];
        Assert.That(generated.Keys, Is.EquivalentTo(expected.Keys), "generated hint names vs. snapshot files in " + directory);
        foreach (var (hint, text) in generated)
        {
            Assert.That(text, Does.Not.Contain("\r"), hint + " must use \\n newlines only");
            Assert.That(text, Is.EqualTo(expected[hint]), hint + " differs from its snapshot; rerun with " + SnapshotSwitch.Variable + "=1 if intended");
        }
    }

    // A checkout with autocrlf may have turned \n into \r\n; the generator itself always writes \n.
    private static string ReadNormalized(string path) => File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
}
