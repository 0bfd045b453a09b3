namespace SimpleRpc.Protocol;

/// <summary>
/// The built-in method names. Any other method is a module call, <c>"&lt;module&gt;.&lt;Function&gt;"</c>.
/// Built-in names use a <c>simplerpc/</c> prefix so no module name can collide with them.
/// </summary>
public static class Methods
{
    /// <summary>Stub → server, first message: <see cref="Messages.HelloRequest"/> → <see cref="Messages.HelloResult"/>.</summary>
    public const string Hello = "simplerpc/hello";

    /// <summary>Stub → server: no params → <see cref="Messages.ClientInfo"/>[].</summary>
    public const string ListClients = "simplerpc/clients";

    /// <summary>Stub → server: <see cref="Messages.SendMessageRequest"/> → <c>true</c>.</summary>
    public const string SendMessage = "simplerpc/message";

    /// <summary>Server → stub notification: <see cref="Messages.ChatMessage"/>.</summary>
    public const string MessageReceived = "simplerpc/messageReceived";

    /// <summary>Stub → server: no params → <see cref="Messages.ModuleInfo"/>[].</summary>
    public const string ListModules = "simplerpc/modules";

    /// <summary>Stub → server: <see cref="Messages.SyncRequest"/> → <see cref="Messages.SyncResult"/>.</summary>
    public const string Sync = "simplerpc/sync";

    /// <summary>Server → stub notification: <see cref="Messages.ProxyUpdate"/>.</summary>
    public const string ProxyUpdated = "simplerpc/proxyUpdated";

    /// <summary>Server → stub notification: <see cref="Messages.ProxyRemoval"/>.</summary>
    public const string ProxyRemoved = "simplerpc/proxyRemoved";

    /// <summary>
    /// Stub → server notification, after a pushed or synced proxy is in the stub's folder:
    /// <see cref="Messages.ProxyWritten"/>. The server's dashboard times a publish's spread with it;
    /// a server that does not know it ignores it.
    /// </summary>
    public const string ProxyWritten = "simplerpc/proxyWritten";

    /// <summary>Stub → server: <see cref="Messages.UploadBegin"/> → <see cref="Messages.UploadStarted"/>.</summary>
    public const string UploadBegin = "simplerpc/upload.begin";

    /// <summary>Stub → server: <see cref="Messages.UploadChunk"/> → <c>true</c>.</summary>
    public const string UploadChunk = "simplerpc/upload.chunk";

    /// <summary>Stub → server: <see cref="Messages.UploadCommit"/> → <see cref="Messages.ModuleInfo"/>.</summary>
    public const string UploadCommit = "simplerpc/upload.commit";

    /// <summary>Stub → server: <see cref="Messages.UnregisterRequest"/> → <c>true</c>; allowed to the module's publisher.</summary>
    public const string Unregister = "simplerpc/unregister";

    /// <summary>Stub → server heartbeat, a notification (or a request answered <c>true</c>): keeps an idle link open.</summary>
    public const string Ping = "simplerpc/ping";

    /// <summary>App → stub: no params → <see cref="Messages.StubStatus"/>.</summary>
    public const string StubStatus = "simplerpc/status";

    /// <summary>
    /// App → stub: no params → an OpenRPC 1.3.2 document describing every module function the stub
    /// has a proxy for. Named as OpenRPC's service discovery method (JSON-RPC 2.0 reserves <c>rpc.</c>
    /// names for such extensions), so it has no <c>simplerpc/</c> prefix.
    /// </summary>
    public const string Discover = "rpc.discover";

    /// <summary>The prefix of every built-in method.</summary>
    public const string Prefix = "simplerpc/";
}
