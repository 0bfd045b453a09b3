namespace SimpleRpc.Hosting.Configuration;

/// <summary>
/// Exporting spans (conf object <c>tracing</c> of the server and of a stub): off unless
/// <see cref="OtlpEndpoint"/> names an OpenTelemetry collector. docs/operations.md says which spans
/// each process makes and how the trace context travels.
/// </summary>
public sealed class TracingOptions
{
    /// <summary>The protocol value for OTLP over gRPC.</summary>
    public const string Grpc = "grpc";

    /// <summary>The protocol value for OTLP over HTTP with protobuf bodies.</summary>
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>
    /// Where spans go, e.g. <c>http://localhost:4317</c> (gRPC) or <c>http://localhost:4318/v1/traces</c>
    /// (HTTP: the full path). Null (the default): no export, and no span is made.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (the default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = Grpc;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ConfException">The endpoint is not an http(s) URL or the protocol is unknown.</exception>
    public void Validate()
    {
        if (OtlpEndpoint is not null && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new ConfException($"tracing.otlpEndpoint '{OtlpEndpoint}' is not an http:// or https:// URL.");
        }

        if (OtlpProtocol is not (Grpc or HttpProtobuf))
        {
            throw new ConfException($"tracing.otlpProtocol is '{OtlpProtocol}'; it must be '{Grpc}' or '{HttpProtobuf}'.");
        }
    }
}
