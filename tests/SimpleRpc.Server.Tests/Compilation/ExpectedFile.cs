using System.Text;

namespace SimpleRpc.Server.Tests.Compilation;

/// <summary>
/// Compares emitted text with a file checked into the repository; <see cref="SnapshotSwitch"/>
/// (<c>WRITE_EXPECTED=1</c>, the switch of every snapshot test) rewrites the file instead.
/// </summary>
internal static class ExpectedFile
{
    /// <summary>The environment variable that switches from comparing to rewriting.</summary>
    public const string WriteVariable = SnapshotSwitch.Variable;

    /// <summary>Asserts that <paramref name="path"/> holds exactly the UTF-8 bytes of <paramref name="actual"/> (or writes them).</summary>
    public static void AssertMatches(string path, string actual)
    {
        var bytes = Encoding.UTF8.GetBytes(actual);
        if (SnapshotSwitch.Writing)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        Assert.That(File.Exists(path), Is.True, () => path + " is missing; run with " + WriteVariable + "=1 to create it");
        Assert.That(bytes, Is.EqualTo(File.ReadAllBytes(path)), () => path + " differs; run with " + WriteVariable + "=1 to update it");
    }
}
