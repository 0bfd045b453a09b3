using System.Net.Sockets;

namespace SimpleRpc.Framing;

/// <summary>
/// A blocking receive that the kernel wakes directly. Once a socket has had an asynchronous
/// operation (every connection writes asynchronously), .NET on Linux runs a synchronous
/// <see cref="Socket.Receive(Span{byte})"/> through its event loop: the loop's thread wakes first
/// and then wakes the reader, two thread wake-ups per receive. Waiting in <c>poll</c> on the
/// socket and then taking what is there without blocking costs one.
/// </summary>
/// <remarks>
/// The socket is switched to <see cref="Socket.Blocking"/> false for good on first use; that only
/// changes synchronous calls (asynchronous ones never block), and nothing else reads or writes a
/// connection's socket synchronously. Disposing the socket from another thread wakes the wait,
/// which then ends in <see cref="ObjectDisposedException"/> (SocketReceiveTests).
/// </remarks>
internal static class SocketReceive
{
    /// <summary>Waits until bytes arrive and reads what is there; 0 at the end of the stream.</summary>
    /// <exception cref="IOException">The connection failed (reset, aborted).</exception>
    /// <exception cref="ObjectDisposedException">The socket was closed.</exception>
    /// <param name="socket">The connection's socket.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="waitFirst">
    /// Wait before the first read: the caller's last read took everything there was, so a read now
    /// would most likely find nothing and cost a system call for it.
    /// </param>
    public static int Receive(Socket socket, Span<byte> buffer, bool waitFirst = false)
    {
        if (socket.Blocking)
        {
            socket.Blocking = false;
        }

        if (waitFirst)
        {
            socket.Poll(-1, SelectMode.SelectRead);
        }

        while (true)
        {
            var read = socket.Receive(buffer, SocketFlags.None, out var error);
            switch (error)
            {
                case SocketError.Success:
                    return read;
                case SocketError.WouldBlock:
                    socket.Poll(-1, SelectMode.SelectRead);
                    break;
                default:
                    // What NetworkStream.Read would throw, so read loops end the same way.
                    var failure = new SocketException((int)error);
                    throw new IOException($"Unable to read data from the transport connection: {failure.Message}.", failure);
            }
        }
    }
}
