using System.Security.Cryptography;

namespace SimpleRpc.Server.Tests.Support;

/// <summary>Paths and files of the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding SimpleRpc.sln (<see cref="RepositoryRoot"/>).</summary>
    public static string Root => RepositoryRoot.Path;

    /// <summary>The full path of a file given relative to the repository root with '/' separators.</summary>
    public static string PathOf(string relativePath) => RepositoryRoot.PathOf(relativePath);

    /// <summary>Lower-case hex SHA-256 of a file's bytes, as the proxy's Checksum carries it.</summary>
    public static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
