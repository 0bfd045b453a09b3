using Newtonsoft.Json.Linq;

namespace SimpleRpc.ClientStub.Discovery;

/// <summary>A data type nested in a proxy class, with its data members only.</summary>
/// <param name="Name">The C# name, e.g. <c>Point</c>.</param>
/// <param name="Kind">Record, class, struct or enum.</param>
/// <param name="Members">Positional record parameters first, then the body's properties (empty for an enum).</param>
/// <param name="EnumValues">An enum's members and their values in declaration order (empty otherwise).</param>
/// <param name="IsFlags">Whether an enum is marked <c>[Flags]</c>, so any combination of its values may travel.</param>
internal sealed record ProxyDataType(
    string Name,
    ProxyDataKind Kind,
    IReadOnlyList<ProxyMember> Members,
    IReadOnlyList<KeyValuePair<string, JValue>> EnumValues,
    bool IsFlags)
{
    /// <summary>Whether values of the type are never <c>null</c> unless written <c>T?</c>.</summary>
    public bool IsValueType => Kind is ProxyDataKind.RecordStruct or ProxyDataKind.Struct or ProxyDataKind.Enum;
}
