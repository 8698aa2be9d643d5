using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Auth;

/// <summary>
/// The redirect target of a browser sign-in (RFC 8252 §7.3): a socket on 127.0.0.1 with a port the system picks, serving
/// exactly one HTTP request — the first complete one on any connection — and then closed. Connections a browser opens ahead
/// of time and never uses do not block it.
/// </summary>
internal sealed class LoopbackRedirectListener : IDisposable
{
    private const int MaxRequestHeadBytes = 16 * 1024;
    private const string CallbackPath = "/callback";

    private readonly TcpListener _listener;
    private readonly List<TcpClient> _connections = [];
    private readonly TaskCompletionSource<(TcpClient Client, string Target)> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private LoopbackRedirectListener(TcpListener listener)
    {
        _listener = listener;
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        RedirectUri = new Uri($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}{CallbackPath}");
    }

    /// <summary>The <c>redirect_uri</c> to send: <c>http://127.0.0.1:{port}/callback</c>.</summary>
    public Uri RedirectUri { get; }

    public static LoopbackRedirectListener Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var result = new LoopbackRedirectListener(listener);
        _ = result.AcceptLoopAsync();
        return result;
    }

    /// <summary>
    /// Waits for the first request, answers it with the page <paramref name="answer"/> chooses for its query parameters, and
    /// closes the listener.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ServeOneAsync(
        Func<IReadOnlyDictionary<string, string>, (bool Ok, string Message)> answer,
        CancellationToken cancellationToken)
    {
        var (client, target) = await _first.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        _listener.Stop();
        try
        {
            var query = ParseQuery(target, out var path);
            var (ok, message) = path == CallbackPath
                ? answer(query)
                : (false, "This address only answers the sign-in redirect.");
            var html = $"<!doctype html><html><head><meta charset=\"utf-8\"><title>LlmAdapters sign-in</title></head><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>";
            var body = Encoding.UTF8.GetBytes(html);
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {(ok ? "200 OK" : "400 Bad Request")}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
            var stream = client.GetStream();
            await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return path == CallbackPath
                ? query
                : throw new OAuthException($"The sign-in redirect arrived at an unexpected path on {RedirectUri.GetLeftPart(UriPartial.Authority)}; sign in again.");
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }

        _first.TrySetCanceled();
    }

    private async Task AcceptLoopAsync()
    {
        while (Volatile.Read(ref _disposed) == 0 && !_first.Task.IsCompleted)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            lock (_connections)
            {
                if (_disposed == 1)
                {
                    client.Dispose();
                    return;
                }

                _connections.Add(client);
            }

            _ = ReadRequestAsync(client);
        }
    }

    private async Task ReadRequestAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var buffer = new byte[MaxRequestHeadBytes];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled)).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var text = Encoding.ASCII.GetString(buffer, 0, filled);
                if (text.Contains("\r\n\r\n", StringComparison.Ordinal) || text.Contains("\n\n", StringComparison.Ordinal))
                {
                    // Request line: METHOD SP request-target SP HTTP-version.
                    var line = text[..text.IndexOf('\n', StringComparison.Ordinal)].TrimEnd('\r');
                    var parts = line.Split(' ');
                    if (parts.Length == 3 && parts[0] == "GET")
                    {
                        _first.TrySetResult((client, parts[1]));
                    }

                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // A connection that breaks before sending a request is not the redirect; keep waiting for it.
        }
    }

    private static Dictionary<string, string> ParseQuery(string target, out string path)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        var mark = target.IndexOf('?', StringComparison.Ordinal);
        path = mark < 0 ? target : target[..mark];
        if (mark < 0)
        {
            return query;
        }

        foreach (var pair in target[(mark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            query.TryAdd(key, value);
        }

        return query;

        static string Decode(string part) => Uri.UnescapeDataString(part.Replace('+', ' '));
    }
}
