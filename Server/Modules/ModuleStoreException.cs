namespace SimpleRpc.Server.Modules;

/// <summary>
/// The module store could not write (or move away) a module: the disk is full, read-only, gone.
/// <see cref="Exception.Message"/> says what failed without any file system path, so it may be
/// shown to the client that asked; the original exception, path included, is the inner exception
/// and was logged by the store.
/// </summary>
public sealed class ModuleStoreException : IOException
{
    /// <summary>Creates the exception with a path-free <paramref name="message"/> and the I/O failure behind it.</summary>
    public ModuleStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
