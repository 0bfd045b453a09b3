namespace SimpleRpc.Server.Dashboard;

/// <summary>One published version of a module, as the modules page shows it.</summary>
/// <param name="Version">The version number.</param>
/// <param name="Checksum">The source's SHA-256.</param>
/// <param name="PublishedBy">The client that published it.</param>
/// <param name="PublishedAt">When it was published.</param>
/// <param name="Source">Its C# source.</param>
/// <param name="Proxy">The headers-only proxy stubs received.</param>
/// <param name="ServingSince">When it started serving, after its compile (its proxy went to the stubs then).</param>
public sealed record ModuleVersion(int Version, string Checksum, string PublishedBy, DateTimeOffset PublishedAt, string Source, string Proxy, DateTimeOffset ServingSince);
