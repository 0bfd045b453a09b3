using System.Security.Cryptography;

namespace SimpleRpc.Server.Tests.Support;

/// <summary>Paths and files of the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding SimpleRpc.sln, found by walking up from the test's directory.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SimpleRpc.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("SimpleRpc.sln not found above " + TestContext.CurrentContext.TestDirectory);
        }
    }

    /// <summary>The full path of a file given relative to the repository root with '/' separators.</summary>
    public static string PathOf(string relativePath) =>
        Path.Combine([Root, .. relativePath.Split('/')]);

    /// <summary>Lower-case hex SHA-256 of a file's bytes, as the proxy's Checksum carries it.</summary>
    public static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
