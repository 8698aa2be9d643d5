using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmAdapters.Hostile;

/// <summary>One HTTP/1.1 request as the raw server read it.</summary>
internal sealed record RawRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A loopback server that speaks just enough HTTP/1.1 to misbehave on purpose: every connection's request is read, then
/// a script writes whatever bytes it likes — a redirect, a lying Content-Length, an endless chunked body, headers and then
/// silence — and the connection closes when the script returns. Not the emulator: nothing here is well-behaved.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<HostileConnection, Task> _script;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<RawRequest> _requests = new();
    private readonly TaskCompletionSource<RawRequest> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;
    private long _bytesWritten;

    private HostileServer(Func<HostileConnection, Task> script)
    {
        _script = script;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyCollection<RawRequest> Requests => _requests;

    /// <summary>Completes when the first request has been read.</summary>
    public Task<RawRequest> FirstRequest => _first.Task;

    /// <summary>Total body bytes the scripts managed to write (until the client went away).</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    public static HostileServer Start(Func<HostileConnection, Task> script) => new(script);

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    internal void AddWritten(long bytes) => Interlocked.Add(ref _bytesWritten, bytes);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The accept loop ends whichever way the stopped listener makes it.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            try
            {
                var request = await ReadRequestAsync(stream, _stopping.Token);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                _first.TrySetResult(request);
                await _script(new HostileConnection(this, stream, request, _stopping.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (often on purpose: it refused what we sent).
            }
        }
    }

    private static async Task<RawRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>(1024);
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n");
        var start = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = string.Empty;
        if (headers.TryGetValue("Content-Length", out var lengthText) && int.TryParse(lengthText, out var length) && length > 0)
        {
            var bytes = new byte[length];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            body = Encoding.UTF8.GetString(bytes);
        }

        return new RawRequest(start[0], start[1], headers, body);
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';
}

/// <summary>One accepted connection, for a script to write to.</summary>
internal sealed class HostileConnection(HostileServer server, NetworkStream stream, RawRequest request, CancellationToken stopping)
{
    public RawRequest Request { get; } = request;

    public CancellationToken Stopping { get; } = stopping;

    public async Task WriteAsync(string text)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), Stopping);
        await stream.FlushAsync(Stopping);
    }

    /// <summary>Writes a status line, the headers and the blank line.</summary>
    public Task WriteHeadAsync(int status, params (string Name, string Value)[] headers) => WriteAsync(Head(status, headers));

    /// <summary>A complete response with a Content-Length body.</summary>
    public Task WriteResponseAsync(int status, string body, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        WriteAsync(Head(status, [("Content-Type", contentType), ("Content-Length", Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture)), .. headers]) + body);

    /// <summary>A complete response whose body is exactly <paramref name="body"/> (any bytes, valid UTF-8 or not).</summary>
    public async Task WriteBytesResponseAsync(int status, byte[] body, string contentType, params (string Name, string Value)[] headers)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Head(status, [("Content-Type", contentType), ("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. headers])), Stopping);
        await stream.WriteAsync(body, Stopping);
        await stream.FlushAsync(Stopping);
    }

    /// <summary>Holds the connection open, sending nothing, until the server stops or the client goes away.</summary>
    public async Task StallAsync()
    {
        var probe = new byte[1];
        try
        {
            // A read returns 0 (or throws) when the client closes; nothing is ever sent by a well-behaved client here.
            while (await stream.ReadAsync(probe, Stopping) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Writes <paramref name="chunk"/> over and over (as raw body bytes or as chunked frames) until the client goes away.</summary>
    public async Task WriteForeverAsync(ReadOnlyMemory<byte> chunk, bool chunked)
    {
        var frame = chunked
            ? (ReadOnlyMemory<byte>)Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n").Concat(chunk.ToArray()).Concat("\r\n"u8.ToArray()).ToArray()
            : chunk;
        while (!Stopping.IsCancellationRequested)
        {
            await stream.WriteAsync(frame, Stopping);
            server.AddWritten(chunk.Length);
        }
    }

    // Every connection serves one request, and says so: a client must not send a second request (a redirect it
    // follows, say) down a connection the script is about to close.
    private static string Head(int status, (string Name, string Value)[] headers)
    {
        var sb = new StringBuilder($"HTTP/1.1 {status} {ReasonOf(status)}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            sb.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return sb.Append("\r\n").ToString();
    }

    private static string ReasonOf(int status) => Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : "Whatever";
}
