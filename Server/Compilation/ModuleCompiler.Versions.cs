using System.Security.Cryptography;
using System.Text;

namespace SimpleRpc.Server.Compilation;

// What a compile's output depends on besides the source: stored beside the compiled bytes so a
// restart can tell whether they are still what a compile would produce now.
public sealed partial class ModuleCompiler
{
    /// <summary>
    /// The compiler as far as its output goes: the Roslyn version and the build of the server
    /// (its module version id, which changes with any change to the server's code, the export
    /// rules, the policy checker and the proxy emitter included).
    /// </summary>
    public static string BuildVersion { get; } =
        CompilerVersion + "; server " + typeof(ModuleCompiler).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>A fingerprint of the policy entries this compiler checks modules against (order-independent).</summary>
    public string PolicyVersion => _policyVersion ??= Fingerprint(_policy);

    private string? _policyVersion;

    private static string Fingerprint(Policy.ModulePolicy policy)
    {
        var entries = string.Join("\n", policy.Entries.Select(e => e.ToString()).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entries)))[..16];
    }
}
