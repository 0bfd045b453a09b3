using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SimpleRpc.Hosting.Configuration;
using SimpleRpc.Diagnostics;

namespace SimpleRpc.ClientStub.Diagnostics;

/// <summary>Exports the stub's spans over OTLP when its conf names a collector (<c>tracing.otlpEndpoint</c>).</summary>
internal static class StubTracingSetup
{
    /// <summary>Starts exporting; null (nothing to dispose) when tracing is off.</summary>
    /// <returns>The provider: disposing it flushes the spans not sent yet.</returns>
    public static TracerProvider? Start(TracingOptions? options)
    {
        if (options?.OtlpEndpoint is not { } endpoint)
        {
            return null;
        }

        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService("simplerpc-stub"))
            .AddSource(RpcTracing.StubSourceName)
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = new Uri(endpoint);
                otlp.Protocol = options.OtlpProtocol == TracingOptions.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            })
            .Build();
    }
}
