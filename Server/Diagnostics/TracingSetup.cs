using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SimpleRpc.Hosting.Configuration;

namespace SimpleRpc.Server.Diagnostics;

/// <summary>Exports the server's (or a worker's) spans over OTLP when the conf names a collector.</summary>
internal static class TracingSetup
{
    /// <summary>The variable that hands the server's <c>tracing.otlpEndpoint</c> to its workers.</summary>
    public const string EndpointVariable = "SIMPLERPC_OTLP_ENDPOINT";

    /// <summary>The variable that hands the server's <c>tracing.otlpProtocol</c> to its workers.</summary>
    public const string ProtocolVariable = "SIMPLERPC_OTLP_PROTOCOL";

    /// <summary>Starts exporting <paramref name="source"/>'s spans; null (nothing to dispose) when tracing is off.</summary>
    /// <returns>The provider: disposing it flushes the spans not sent yet.</returns>
    public static TracerProvider? Start(TracingOptions? options, string serviceName, string source)
    {
        if (options?.OtlpEndpoint is not { } endpoint)
        {
            return null;
        }

        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddSource(source)
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = new Uri(endpoint);
                otlp.Protocol = options.OtlpProtocol == TracingOptions.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            })
            .Build();
    }

    /// <summary>The tracing a worker was given by its server (<see cref="EndpointVariable"/>), or null.</summary>
    public static TracingOptions? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } endpoint
            ? new TracingOptions { OtlpEndpoint = endpoint, OtlpProtocol = Environment.GetEnvironmentVariable(ProtocolVariable) ?? TracingOptions.Grpc }
            : null;
}
