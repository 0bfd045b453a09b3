namespace SimpleRpc.Protocol;

/// <summary>What a client's key allows; each role includes the ones before it.</summary>
public enum ClientRole
{
    /// <summary>Call modules, list clients and modules, send messages.</summary>
    Call = 1,

    /// <summary>Also register modules and unregister the ones it registered.</summary>
    Publish = 2,

    /// <summary>Also unregister any module.</summary>
    Admin = 3,
}
