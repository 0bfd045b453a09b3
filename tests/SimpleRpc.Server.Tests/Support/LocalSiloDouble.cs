using System.Net;
using Orleans.Runtime;

namespace SimpleRpc.Server.Tests.Support;

/// <summary>This silo's details, for code that only needs to know which silo it runs in.</summary>
internal sealed class LocalSiloDouble(SiloAddress silo) : ILocalSiloDetails
{
    public string Name => SiloAddress.ToString();

    public string ClusterId => "test";

    public string DnsHostName => "localhost";

    public SiloAddress SiloAddress { get; } = silo;

    public SiloAddress GatewayAddress => SiloAddress;
}
