using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Cli.Offline;

/// <summary>
/// Tells whether anything listens at a local server's address (Ollama on <c>localhost:11434</c>): one TCP connection, opened
/// and closed, with a short timeout. The <c>chat</c> command uses it to decide, for a provider that needs no key, whether to
/// talk to the server or answer offline from the emulator.
/// </summary>
internal static class LocalServerProbe
{
    /// <summary>How long a connection may take; a local server accepts in well under a millisecond.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    public static async Task<bool> IsListeningAsync(Uri server, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(server.DnsSafeHost, server.Port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
