using System.Globalization;
using System.Net;

namespace SimpleRpc.Net;

/// <summary>Parses <c>host:port</c>, <c>[::1]:port</c> and <c>port</c> alone (loopback).</summary>
public static class EndpointParser
{
    /// <summary>Parses <paramref name="text"/>; a bare port means 127.0.0.1.</summary>
    /// <exception cref="FormatException">The text is not an endpoint.</exception>
    public static (string Host, int Port) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bare))
        {
            return ("127.0.0.1", CheckPort(bare, text));
        }

        if (IPEndPoint.TryParse(text, out var ip) && ip.Port != 0 || text.EndsWith(":0", StringComparison.Ordinal) && IPEndPoint.TryParse(text, out ip))
        {
            return (ip.Address.ToString(), ip.Port);
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return (text[..colon], CheckPort(port, text));
        }

        throw new FormatException($"'{text}' is not an endpoint; expected host:port, for example 127.0.0.1:5050.");
    }

    /// <summary>Formats an endpoint the way <see cref="Parse"/> reads it.</summary>
    public static string Format(IPEndPoint endpoint) => endpoint.ToString();

    private static int CheckPort(int port, string text) =>
        port is >= 0 and <= 65535 ? port : throw new FormatException($"'{text}' has a port outside 0-65535.");
}
