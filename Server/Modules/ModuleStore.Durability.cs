using System.Runtime.InteropServices;

namespace SimpleRpc.Server.Modules;

/// <summary>Writing a module folder durably and swapping it in.</summary>
public sealed partial class ModuleStore
{
    // Set once a platform turns out to have no usable fsync for folders; flushing folders is best effort.
    private static volatile bool _folderFlushUnavailable = OperatingSystem.IsWindows();

    /// <summary>
    /// Writes the module into a fresh staging folder, then swaps it in for <paramref name="target"/>.
    /// On failure the earlier version stays (or, if even the rollback fails, stays recoverable as
    /// <c>.old-*</c>, which <see cref="Recover"/> puts back). Caller holds the gate.
    /// </summary>
    private void WriteAndSwap(string name, string target, byte[] source, byte[]? assembly, byte[]? proxy, byte[] manifest)
    {
        var token = NewToken();
        var staging = Path.Combine(RootDirectory, StagingPrefix + name + "-" + token);
        var displaced = Path.Combine(RootDirectory, DisplacedPrefix + name + "-" + token);
        var movedAside = false;
        try
        {
            // The staging folder is invisible to loads (hidden prefix), so its files need no temp
            // names of their own. Each is flushed before the manifest, the manifest before the
            // folder, the folder before the first rename: whatever a crash leaves, a staging folder
            // with a manifest holds complete files, and a renamed one is complete for certain.
            Directory.CreateDirectory(staging);
            WriteDurably(Path.Combine(staging, SourceFileName), source);
            if (assembly is not null)
            {
                WriteDurably(Path.Combine(staging, AssemblyFileName), assembly);
            }

            if (proxy is not null)
            {
                WriteDurably(Path.Combine(staging, ProxyFileName), proxy);
            }

            WriteDurably(Path.Combine(staging, ManifestFileName), manifest);
            FlushDirectory(staging);

            // Linux cannot rename a folder over a non-empty one, so the swap is two renames. Between
            // them no folder has the module's name; Recover promotes the staged folder then.
            if (Directory.Exists(target))
            {
                Directory.Move(target, displaced);
                movedAside = true;
            }

            Directory.Move(staging, target);
        }
        catch
        {
            if (movedAside && !Directory.Exists(target))
            {
                TryMove(displaced, target);
            }

            DeleteQuietly(staging);
            throw;
        }

        FlushDirectory(RootDirectory);
        if (movedAside)
        {
            DeleteQuietly(displaced);
        }
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Makes the folder's entries (creates and renames) durable: fsync on the folder, which .NET
    /// has no API for (it refuses to open a folder as a file). Best effort; skipped on Windows,
    /// where NTFS journals renames.
    /// </summary>
    internal static void FlushDirectory(string path)
    {
        if (_folderFlushUnavailable)
        {
            return;
        }

        try
        {
            var fd = Posix.Open(path, 0);
            if (fd >= 0)
            {
                _ = Posix.Fsync(fd);
                _ = Posix.Close(fd);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _folderFlushUnavailable = true;
        }
    }

    private bool TryMove(string from, string to)
    {
        try
        {
            Directory.Move(from, to);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning(ex, "Could not move {Path} to {Destination} in the module store", from, to);
            return false;
        }
    }

    /// <summary>Deletes a file or folder (a link, not what it points to); logs and carries on on failure.</summary>
    private void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning(ex, "Could not remove {Path} from the module store; the next load retries", path);
        }
    }

    private static class Posix
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
    }
}
