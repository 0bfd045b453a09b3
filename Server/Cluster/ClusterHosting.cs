using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace SimpleRpc.Server.Cluster;

/// <summary>Puts an Orleans silo into the server's host when its conf has <c>cluster</c> (docs/cluster.md).</summary>
public static class ClusterHosting
{
    /// <summary>The grain storage (Redis) of the catalogue and the client names.</summary>
    public const string StorageName = "catalogue";

    /// <summary>
    /// Adds the silo: Redis membership and grain storage, the silo on <paramref name="host"/> at
    /// <see cref="ClusterNodeOptions.SiloPort"/> (a free port when 0), no Orleans client gateway.
    /// Call before the server's own hosted service, so the silo has started when the server does.
    /// </summary>
    /// <exception cref="ArgumentException">The cluster settings are incomplete or <paramref name="host"/> is not an address.</exception>
    public static void AddSilo(HostApplicationBuilder builder, ClusterNodeOptions options, string host)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(host);
        var address = IPAddress.Parse(host);
        var siloPort = options.SiloPort == 0 ? FreePort(address) : options.SiloPort;
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.Id!;
                o.ServiceId = options.Id!;
            });
            silo.UseRedisClustering(o => o.ConfigurationOptions = RedisConfiguration(options.Redis!));
            silo.AddRedisGrainStorage(StorageName, o => o.ConfigurationOptions = RedisConfiguration(options.Redis!));
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = address;
                o.SiloPort = siloPort;
                o.SiloListeningEndpoint = new IPEndPoint(address, siloPort);

                // No gateway: nothing outside the nodes speaks Orleans to them.
                o.GatewayPort = 0;
            });

            // Each node answers the others' questions (clients, msg, callers) directly.
            silo.AddGrainService<NodeService>();
        });
        builder.Services.AddSingleton<ClusterNodes>();
        if (options.DeclareRefusedDead)
        {
            builder.Services.AddSingleton<RefusedNodeReaper>();
        }

        builder.Services.Configure<ClusterMembershipOptions>(o =>
        {
            // Cleans the membership table of nodes long dead, so a restarted cluster starts lean.
            o.DefunctSiloExpiration = TimeSpan.FromHours(1);

            // A dead node is declared dead after about three missed probes of 2 s (Orleans'
            // defaults take tens of seconds), so its names are free and its stubs can resume on
            // another node sooner. Shorter would risk declaring a busy node dead (it then stops).
            // A node whose process is gone is declared sooner still (RefusedNodeReaper).
            o.ProbeTimeout = TimeSpan.FromSeconds(options.ProbeTimeoutSeconds);
            o.NumMissedProbesLimit = options.MissedProbesLimit;
        });
    }

    // A reconnecting multiplexer: a Redis restart pauses the catalogue, it does not break the node.
    private static ConfigurationOptions RedisConfiguration(string redis)
    {
        var configuration = ConfigurationOptions.Parse(redis);
        configuration.AbortOnConnectFail = false;
        return configuration;
    }

    // The port is free now; the silo binds it a moment later (a race the conf's siloPort avoids).
    private static int FreePort(IPAddress address)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
