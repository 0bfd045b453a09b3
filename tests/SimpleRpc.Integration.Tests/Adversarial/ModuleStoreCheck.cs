using System.Security.Cryptography;
using Newtonsoft.Json.Linq;
using SimpleRpc.Integration.Tests.Support;

namespace SimpleRpc.Integration.Tests.Adversarial;

/// <summary>
/// Reads a cluster's module store (<c>&lt;WorkDir&gt;/server-data/modules</c>) the way a restart
/// would and asserts it is whole: only complete module folders, no staging or temp leftovers,
/// and every manifest parses and matches the files next to it.
/// </summary>
public static class ModuleStoreCheck
{
    public static string Root(Cluster cluster) => Path.Combine(cluster.WorkDir, "server-data", "modules");

    /// <summary>Asserts the store is intact and returns the names of the modules it holds.</summary>
    public static IReadOnlyList<string> AssertIntact(Cluster cluster)
    {
        var root = Root(cluster);
        Assert.That(root, Does.Exist);
        Assert.That(Directory.GetFiles(root).Select(Path.GetFileName), Is.Empty, "the store's top level holds module folders only");
        var names = new List<string>();
        foreach (var folder in Directory.GetDirectories(root))
        {
            var name = Path.GetFileName(folder);
            Assert.That(name, Does.Not.StartWith("."), "a leftover (.tmp-, .new-, .old-, .deleted-) in the store");
            Assert.That(Directory.GetFileSystemEntries(folder).Select(Path.GetFileName), Has.None.StartsWith("."), $"a leftover inside {name}");
            var manifestPath = Path.Combine(folder, "manifest.json");
            var sourcePath = Path.Combine(folder, "source.cs");
            Assert.That(manifestPath, Does.Exist, $"{name} has a manifest");
            Assert.That(sourcePath, Does.Exist, $"{name} has its source");
            var manifest = JObject.Parse(File.ReadAllText(manifestPath));
            Assert.That(manifest["name"]?.ToString(), Is.EqualTo(name), $"{name}'s manifest names it");
            Assert.That(manifest["sourceSha256"]?.ToString(), Is.EqualTo(Sha256(sourcePath)), $"{name}'s source matches its manifest");
            if (manifest["assemblySha256"] is { Type: JTokenType.String } assemblySha)
            {
                Assert.That(assemblySha.ToString(), Is.EqualTo(Sha256(Path.Combine(folder, "module.dll"))), $"{name}'s assembly matches its manifest");
            }

            names.Add(name);
        }

        return names;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
