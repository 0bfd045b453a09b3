using System.Collections.Concurrent;
using System.Text;

namespace SimpleRpc.Server.Modules;

/// <summary>
/// A durable on-disk store of modules: one folder per module under <see cref="RootDirectory"/>
/// holding <c>source.cs</c>, an optional <c>module.dll</c> and a <c>manifest.json</c> that carries
/// the SHA-256 of both files. Saves and deletes are atomic and crash-safe: after a crash at any
/// point, <see cref="LoadAll"/> sees either the previous version of a module or the new one, never
/// a mix, and never a half-written file.
/// </summary>
/// <remarks>
/// <para>How: a save writes a complete new folder under a hidden staging name, flushes every file
/// and the folder to disk, then swaps it in with two directory renames. The store repairs an
/// interrupted swap before it next touches that name (see <c>ModuleStore.Recovery.cs</c>).</para>
/// <para>Thread-safe. All stores in one process that share a root take the same lock, so a load
/// never observes a save half-way. One process owns a root: two processes must not share one.</para>
/// </remarks>
public sealed partial class ModuleStore
{
    // One lock per root folder for the whole process, so two ModuleStore objects over the same
    // folder cannot undo each other's staging (ConcurrentSaves_DifferentNames_AllLand).
    private static readonly ConcurrentDictionary<string, Lock> Gates = new(StringComparer.Ordinal);

    // Strict: a string with a lone surrogate cannot round-trip through UTF-8, so Save refuses it.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Serilog.ILogger _log;
    private readonly Lock _gate;

    /// <summary>Opens the store at <paramref name="rootDirectory"/>, creating the folder if needed.</summary>
    /// <param name="rootDirectory">The folder that holds one subfolder per module.</param>
    /// <param name="log">Where warnings about skipped or repaired entries go.</param>
    /// <exception cref="ArgumentException"><paramref name="rootDirectory"/> is empty or not a valid path.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    public ModuleStore(string rootDirectory, Serilog.ILogger log)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        ArgumentNullException.ThrowIfNull(log);
        RootDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        _log = log;
        _gate = Gates.GetOrAdd(RootDirectory, _ => new Lock());
        Directory.CreateDirectory(RootDirectory);
    }

    /// <summary>The store's folder as a full path without a trailing separator.</summary>
    public string RootDirectory { get; }

    /// <summary>
    /// Stores <paramref name="module"/>, atomically replacing any earlier version of that name
    /// (including its compiled bytes: a save without <see cref="StoredModule.Assembly"/> leaves no
    /// <c>module.dll</c> behind). When this returns, the module is on disk and flushed.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> or one of its strings is null.</exception>
    /// <exception cref="ArgumentException">The name is not a plain C# identifier, is a Windows device
    /// name or is too long; the version is negative; or the source has an unpaired surrogate.
    /// Nothing is written.</exception>
    /// <exception cref="ModuleStoreException">The disk refused a write; the earlier version, if any, is
    /// kept. Its message has no path (the store logs the full error).</exception>
    public void Save(StoredModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var target = ModuleDirectory(module.Name);
        ArgumentOutOfRangeException.ThrowIfNegative(module.Version, nameof(module));
        ArgumentNullException.ThrowIfNull(module.Checksum, nameof(module));
        ArgumentNullException.ThrowIfNull(module.Source, nameof(module));
        ArgumentNullException.ThrowIfNull(module.RegisteredBy, nameof(module));
        byte[] source;
        try
        {
            source = StrictUtf8.GetBytes(module.Source);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The module's source is not valid Unicode (an unpaired surrogate).", nameof(module), ex);
        }

        var proxy = module.ProxySource is null ? null : StrictUtf8.GetBytes(module.ProxySource);
        var manifest = Manifest.Describe(module, source, proxy);
        try
        {
            lock (_gate)
            {
                Recover(module.Name);
                WriteAndSwap(module.Name, target, source, module.Assembly, proxy, manifest);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex, $"Could not store module '{module.Name}' v{module.Version} on the server's disk");
        }

        _log.Information(
            "Stored {ModuleName} v{ModuleVersion} ({SourceBytes} bytes, compiled {HasAssembly})",
            module.Name,
            module.Version,
            source.Length,
            module.Assembly is not null);
    }

    /// <summary>Removes the module <paramref name="name"/> atomically.</summary>
    /// <returns>True if the module was stored; false if there was nothing to delete.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid module name.</exception>
    /// <exception cref="ModuleStoreException">The folder could not be moved away; the module is still
    /// stored. Its message has no path (the store logs the full error).</exception>
    public bool Delete(string name)
    {
        var target = ModuleDirectory(name);
        try
        {
            return DeleteLocked(name, target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failed(ex, $"Could not remove module '{name}' from the server's disk");
        }
    }

    private bool DeleteLocked(string name, string target)
    {
        lock (_gate)
        {
            Recover(name);
            if (!Directory.Exists(target))
            {
                return false;
            }

            // The rename is the commit point: from here on no load sees the module. The recursive
            // delete may be cut short by a crash; LoadAll removes what is left (.deleted-*).
            var doomed = Path.Combine(RootDirectory, DeletedPrefix + name + "-" + NewToken());
            Directory.Move(target, doomed);
            FlushDirectory(RootDirectory);
            DeleteQuietly(doomed);
        }

        _log.Information("Deleted stored module {ModuleName}", name);
        return true;
    }

    // The full error (with its paths) goes to the log; the exception's message, which a client may
    // see, says what failed and why in the disk's words, without a path.
    private ModuleStoreException Failed(Exception ex, string what)
    {
        _log.Error(ex, "{What} (module store {Path})", what, RootDirectory);
        return new ModuleStoreException($"{what}: {Protocol.ErrorText.Describe(ex).TrimEnd('.')}. The server's log has the details.", ex);
    }

    /// <summary>
    /// Reads every valid module, ordered by name (ordinal). First finishes or rolls back any save
    /// or delete that a crash interrupted and removes leftover temporary files. Never throws for a
    /// bad entry: it logs a warning naming the module and the reason and skips it. A
    /// <c>module.dll</c> that does not match its manifest is dropped (the module comes back with a
    /// null <see cref="StoredModule.Assembly"/>, so the caller recompiles).
    /// </summary>
    /// <exception cref="IOException">The root folder itself cannot be listed.</exception>
    public IReadOnlyList<StoredModule> LoadAll()
    {
        lock (_gate)
        {
            RecoverAll();
            var modules = new List<StoredModule>();
            foreach (var directory in new DirectoryInfo(RootDirectory).EnumerateDirectories())
            {
                if (!directory.Name.StartsWith('.') && TryLoad(directory) is { } module)
                {
                    modules.Add(module);
                }
            }

            return [.. modules.OrderBy(m => m.Name, StringComparer.Ordinal)];
        }
    }
}
