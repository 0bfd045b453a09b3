using Newtonsoft.Json;
using SimpleRpc.Serialization;

namespace SimpleRpc.Server.Modules;

/// <summary>The manifest: what a module folder holds and the SHA-256 of each file.</summary>
public sealed partial class ModuleStore
{
    /// <summary>
    /// <c>manifest.json</c>, camelCase through <see cref="RpcJson"/>. <see cref="Checksum"/> is the
    /// module's checksum as given; <see cref="SourceSha256"/> is the hash of <c>source.cs</c> as
    /// written (they differ when the upload had a byte order mark, which the source string lacks).
    /// </summary>
    private sealed class Manifest
    {
        public const int CurrentFormat = 1;

        public int? Format { get; set; }

        public string? Name { get; set; }

        public int? Version { get; set; }

        public string? Checksum { get; set; }

        public string? SourceSha256 { get; set; }

        public string? RegisteredBy { get; set; }

        public DateTimeOffset? RegisteredAt { get; set; }

        public string? CompilerVersion { get; set; }

        public string? AssemblySha256 { get; set; }

        /// <summary>The surface changes from the version this one replaced; absent when none.</summary>
        [JsonProperty(NullValueHandling = NullValueHandling.Ignore)]
        public IReadOnlyList<string>? Changes { get; set; }

        /// <summary>True when the version was published over breaking changes; absent otherwise.</summary>
        [JsonProperty(NullValueHandling = NullValueHandling.Ignore)]
        public bool? BrokeCompatibility { get; set; }

        /// <summary>The removed functions the version's proxy declares; absent when none.</summary>
        [JsonProperty(NullValueHandling = NullValueHandling.Ignore)]
        public IReadOnlyList<Compilation.RemovedFunction>? RemovedFunctions { get; set; }

        public string? PolicyVersion { get; set; }

        public string? ProxySha256 { get; set; }

        public List<string>? Warnings { get; set; }

        /// <summary>The manifest for <paramref name="module"/> whose source encodes to <paramref name="source"/>, as UTF-8 JSON.</summary>
        public static byte[] Describe(StoredModule module, byte[] source, byte[]? proxy)
        {
            var manifest = new Manifest
            {
                Format = CurrentFormat,
                Name = module.Name,
                Version = module.Version,
                Checksum = module.Checksum,
                SourceSha256 = Sha256Hex(source),
                RegisteredBy = module.RegisteredBy,
                RegisteredAt = module.RegisteredAt,
                CompilerVersion = module.CompilerVersion,
                AssemblySha256 = module.Assembly is null ? null : Sha256Hex(module.Assembly),
                Changes = module.Changes is { Count: > 0 } changes ? changes : null,
                BrokeCompatibility = module.BrokeCompatibility ? true : null,
                RemovedFunctions = module.RemovedFunctions.Count > 0 ? module.RemovedFunctions : null,
                PolicyVersion = module.PolicyVersion,
                ProxySha256 = proxy is null ? null : Sha256Hex(proxy),
                Warnings = module.Warnings is null ? null : [.. module.Warnings],
            };
            return StrictUtf8.GetBytes(RpcJson.Serialize(manifest));
        }

        /// <summary>Reads a manifest; null and a reason when it is not one this store wrote.</summary>
        public static Manifest? Parse(byte[] utf8, out string problem)
        {
            Manifest? manifest;
            try
            {
                manifest = RpcJson.Deserialize<Manifest>(StrictUtf8.GetString(utf8));
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                // DecoderFallbackException is an ArgumentException; Newtonsoft wraps most conversion
                // errors in JsonException but not all of them.
                problem = "manifest.json is not valid JSON for a manifest";
                return null;
            }

            problem = manifest switch
            {
                null => "manifest.json is empty or null",
                { Format: not CurrentFormat } => "manifest.json has an unknown format",
                { Name: null } or { Version: null or < 0 } or { Checksum: null } or { SourceSha256: null }
                    or { RegisteredBy: null } or { RegisteredAt: null } => "manifest.json lacks a required field",
                _ => string.Empty,
            };
            return problem.Length == 0 ? manifest : null;
        }
    }
}
