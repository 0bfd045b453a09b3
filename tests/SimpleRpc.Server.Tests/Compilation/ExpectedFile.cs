using System.Text;

namespace SimpleRpc.Server.Tests.Compilation;

/// <summary>
/// Compares emitted text with a file checked into the repository. Setting the environment variable
/// <c>WRITE_EXPECTED=1</c> rewrites the file instead (the generator's snapshot tests use the same switch).
/// </summary>
internal static class ExpectedFile
{
    /// <summary>The environment variable that switches from comparing to rewriting.</summary>
    public const string WriteVariable = "WRITE_EXPECTED";

    /// <summary>Asserts that <paramref name="path"/> holds exactly the UTF-8 bytes of <paramref name="actual"/> (or writes them).</summary>
    public static void AssertMatches(string path, string actual)
    {
        var bytes = Encoding.UTF8.GetBytes(actual);
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        Assert.That(File.Exists(path), Is.True, () => path + " is missing; run with " + WriteVariable + "=1 to create it");
        Assert.That(bytes, Is.EqualTo(File.ReadAllBytes(path)), () => path + " differs; run with " + WriteVariable + "=1 to update it");
    }
}
