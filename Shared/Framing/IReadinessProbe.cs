namespace SimpleRpc.Framing;

/// <summary>
/// A stream that can tell, without blocking and without taking any bytes, whether a read would
/// return at once: what <see cref="LineFrameReader"/> asks while it spins before a blocking read
/// (<see cref="LineFrameReader.SpinBeforeWait"/>). A socket's stream needs none: the reader asks
/// the socket itself.
/// </summary>
public interface IReadinessProbe
{
    /// <summary>
    /// True when a read would not block: bytes are waiting, the writer has closed its end, or the
    /// stream cannot tell (the reader then stops spinning and reads).
    /// </summary>
    /// <remarks>Called from the reading thread only, between its reads.</remarks>
    bool ReadWouldNotBlock();
}
