using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SimpleRpc.Walkthrough;

/// <summary>
/// A redis-server (Debian's package) of a test's or the walk-through's own: a free loopback port, a temporary folder,
/// no snapshots and no append-only file. Ready once it answers PING; stopped by its own process id.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly string _dir;
    private readonly bool _persistent;
    private Process _process;

    private RedisProcess(Process process, int port, string dir, bool persistent)
    {
        _process = process;
        Port = port;
        _dir = dir;
        _persistent = persistent;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for it.</summary>
    public string Configuration => "127.0.0.1:" + Port;

    /// <summary>The process id, for a test that kills it.</summary>
    public int Id => _process.Id;

    /// <summary>True when a redis-server executable is on the PATH (or in /usr/bin, /usr/sbin).</summary>
    public static bool IsInstalled => FindExecutable() is not null;

    /// <summary>Starts a redis-server and waits until it answers PING.</summary>
    /// <param name="persistent">Keep an append-only file (fsync on every write), so <see cref="RestartAsync"/> finds the data again.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="InvalidOperationException">None is installed, or it never answered.</exception>
    public static async Task<RedisProcess> StartAsync(bool persistent = false, CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server; .ci/run installs it)");
        var dir = Directory.CreateTempSubdirectory("simplerpc-redis-").FullName;

        // The port is found free and handed to redis a moment later; another process taking it in
        // between makes redis exit at once, and the next try picks another.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var redis = new RedisProcess(Launch(executable, port, dir, persistent), port, dir, persistent);
            if (await redis.WaitForPingAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false))
            {
                return redis;
            }

            await redis.StopProcessAsync().ConfigureAwait(false);
            if (attempt == 3)
            {
                Directory.Delete(dir, recursive: true);
                throw new InvalidOperationException("redis-server did not answer PING on a free loopback port after 3 tries");
            }
        }
    }

    /// <summary>Kills it (SIGKILL) without waiting for anything, as a crash would.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Starts it again on the same port and folder (after <see cref="Kill"/>) and waits for PING.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        _process.Dispose();
        _process = Launch(FindExecutable()!, Port, _dir, _persistent);
        if (!await WaitForPingAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"redis-server did not come back on port {Port}");
        }
    }

    private static Process Launch(string executable, int port, string dir, bool persistent)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] durability = persistent ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir, "--save", string.Empty, "--protected-mode", "no" }.Concat(durability))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>True when it answers PING now.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> WaitForPingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && !_process.HasExited)
        {
            if (await PingAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            // Polling a port that is not open yet: there is no event to wait for.
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private async Task StopProcessAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        _process.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .Concat(["/usr/bin/redis-server", "/usr/sbin/redis-server"])
            .FirstOrDefault(File.Exists);
}
