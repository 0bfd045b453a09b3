namespace SimpleRpc.ClientStub.Discovery;

/// <summary>How a proxy declares a data type.</summary>
internal enum ProxyDataKind
{
    /// <summary><c>record</c> (a reference type).</summary>
    Record,

    /// <summary><c>record struct</c>.</summary>
    RecordStruct,

    /// <summary><c>class</c>.</summary>
    Class,

    /// <summary><c>struct</c>.</summary>
    Struct,

    /// <summary><c>enum</c>.</summary>
    Enum,
}
