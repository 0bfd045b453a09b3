using System.Globalization;

namespace SimpleRpc.Protocol;

/// <summary>
/// A JSON-RPC request id: absent (notification), <c>null</c>, a number or a string.
/// </summary>
public readonly struct RpcId : IEquatable<RpcId>
{
    private readonly long _number;

    private RpcId(RpcIdKind kind, long number, string? text)
    {
        Kind = kind;
        _number = number;
        Text = text;
    }

    /// <summary>No id: the message is a notification.</summary>
    public static RpcId None => default;

    /// <summary>An explicit JSON <c>null</c> id (used in error replies to unreadable requests).</summary>
    public static RpcId Null => new(RpcIdKind.Null, 0, null);

    /// <summary>What kind of id this is.</summary>
    public RpcIdKind Kind { get; }

    /// <summary>The string value when <see cref="Kind"/> is <see cref="RpcIdKind.String"/>.</summary>
    public string? Text { get; }

    /// <summary>The numeric value when <see cref="Kind"/> is <see cref="RpcIdKind.Number"/>.</summary>
    public long Number => _number;

    /// <summary>True when the message carries an id at all.</summary>
    public bool IsPresent => Kind != RpcIdKind.None;

    /// <summary>Creates a numeric id.</summary>
    public static RpcId From(long number) => new(RpcIdKind.Number, number, null);

    /// <summary>Creates a string id.</summary>
    public static RpcId From(string text) => new(RpcIdKind.String, 0, text);

    /// <inheritdoc/>
    public bool Equals(RpcId other) => Kind == other.Kind && _number == other._number && Text == other.Text;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RpcId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, _number, Text);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        RpcIdKind.Number => _number.ToString(CultureInfo.InvariantCulture),
        RpcIdKind.String => Text!,
        RpcIdKind.Null => "null",
        _ => "(none)",
    };

    public static bool operator ==(RpcId left, RpcId right) => left.Equals(right);

    public static bool operator !=(RpcId left, RpcId right) => !left.Equals(right);
}
