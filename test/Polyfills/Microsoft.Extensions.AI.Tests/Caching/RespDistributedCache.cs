using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace LlmAdapters.Polyfills.Tests;

/// <summary>
/// A small <see cref="IDistributedCache"/> speaking RESP2 to a Redis server over one TCP connection
/// (GET, SET with PX, DEL, PEXPIRE; one command at a time, so it is safe to share between threads).
/// </summary>
/// <remarks>
/// Each value is stored behind a 16-byte header: the sliding window and the absolute expiry (Unix ms, -1 for none),
/// so that a read can extend a sliding entry with PEXPIRE without going past its absolute expiry.
/// </remarks>
internal sealed class RespDistributedCache : IDistributedCache, IDisposable
{
    private const int HeaderLength = 16;

    private readonly string _host;
    private readonly int _port;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TcpClient? _client;
    private Stream? _stream;

    public RespDistributedCache(string endpoint, TimeProvider? timeProvider = null)
    {
        var colon = endpoint.LastIndexOf(':');
        _host = endpoint[..colon];
        _port = int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public byte[]? Get(string key) => GetCoreAsync(key, sync: true, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => GetCoreAsync(key, sync: false, token).AsTask();

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        SetCoreAsync(key, value, options, sync: true, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        SetCoreAsync(key, value, options, sync: false, token).AsTask();

    public void Refresh(string key) => GetCoreAsync(key, sync: true, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public Task RefreshAsync(string key, CancellationToken token = default) => GetCoreAsync(key, sync: false, token).AsTask();

    public void Remove(string key) => ExecuteAsync(sync: true, "DEL", [key], CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) => ExecuteAsync(sync: false, "DEL", [key], token).AsTask();

    public void Dispose()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _gate.Dispose();
    }

    private async ValueTask<byte[]?> GetCoreAsync(string key, bool sync, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (await ExecuteAsync(sync, "GET", [key], token) is not byte[] stored || stored.Length < HeaderLength)
        {
            return null;
        }

        var sliding = BinaryPrimitives.ReadInt64BigEndian(stored);
        var absolute = BinaryPrimitives.ReadInt64BigEndian(stored.AsSpan(8));
        if (sliding > 0)
        {
            var ttl = TimeToLive(sliding, absolute);
            if (ttl <= 0)
            {
                return null;
            }

            _ = await ExecuteAsync(sync, "PEXPIRE", [key, ttl.ToString(CultureInfo.InvariantCulture)], token);
        }

        return stored[HeaderLength..];
    }

    private async ValueTask SetCoreAsync(string key, byte[] value, DistributedCacheEntryOptions options, bool sync, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);

        var now = _timeProvider.GetUtcNow();
        DateTimeOffset? absolute = options.AbsoluteExpiration;
        if (options.AbsoluteExpirationRelativeToNow is { } relative)
        {
            absolute = now + relative;
        }

        if (absolute is { } at && at <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(options), at, "The absolute expiration value must be in the future.");
        }

        var sliding = (long?)options.SlidingExpiration?.TotalMilliseconds ?? -1;
        var absoluteMs = absolute?.ToUnixTimeMilliseconds() ?? -1;

        var stored = new byte[HeaderLength + value.Length];
        BinaryPrimitives.WriteInt64BigEndian(stored, sliding);
        BinaryPrimitives.WriteInt64BigEndian(stored.AsSpan(8), absoluteMs);
        value.CopyTo(stored, HeaderLength);

        var ttl = TimeToLive(sliding, absoluteMs);
        if (ttl > 0)
        {
            _ = await ExecuteAsync(sync, "SET", [Encoding.UTF8.GetBytes(key), stored, "PX"u8.ToArray(), Encoding.ASCII.GetBytes(ttl.ToString(CultureInfo.InvariantCulture))], token);
        }
        else
        {
            _ = await ExecuteAsync(sync, "SET", [Encoding.UTF8.GetBytes(key), stored], token);
        }
    }

    /// <summary>Milliseconds the entry may live from now, or -1 when it does not expire.</summary>
    private long TimeToLive(long slidingMs, long absoluteUnixMs)
    {
        long ttl = -1;
        if (absoluteUnixMs > 0)
        {
            ttl = Math.Max(1, absoluteUnixMs - _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        }

        if (slidingMs > 0)
        {
            ttl = ttl < 0 ? slidingMs : Math.Min(ttl, slidingMs);
        }

        return ttl;
    }

    private ValueTask<object?> ExecuteAsync(bool sync, string command, string[] args, CancellationToken token) =>
        ExecuteAsync(sync, command, args.Select(Encoding.UTF8.GetBytes).ToArray(), token);

    private async ValueTask<object?> ExecuteAsync(bool sync, string command, byte[][] args, CancellationToken token)
    {
        if (sync)
        {
            _gate.Wait(token);
        }
        else
        {
            await _gate.WaitAsync(token);
        }

        try
        {
            var stream = _stream ??= Connect();
            var request = new MemoryStream();
            WriteAscii(request, $"*{args.Length + 1}\r\n");
            WriteBulk(request, Encoding.ASCII.GetBytes(command));
            foreach (var arg in args)
            {
                WriteBulk(request, arg);
            }

            try
            {
                if (sync)
                {
                    stream.Write(request.GetBuffer(), 0, (int)request.Length);
                    stream.Flush();
                }
                else
                {
                    await stream.WriteAsync(request.GetBuffer().AsMemory(0, (int)request.Length), token);
                    await stream.FlushAsync(token);
                }

                return await ReadReplyAsync(stream, sync, token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // A half-read reply would desynchronise the connection: drop it and reconnect next time.
                _stream.Dispose();
                _stream = null;
                throw;
            }
        }
        finally
        {
            _ = _gate.Release();
        }
    }

    private Stream Connect()
    {
        _client?.Dispose();
        _client = new TcpClient { NoDelay = true };
        _client.Connect(_host, _port);
        return new BufferedStream(_client.GetStream());
    }

    private static void WriteAscii(MemoryStream destination, string text) => destination.Write(Encoding.ASCII.GetBytes(text));

    private static void WriteBulk(MemoryStream destination, byte[] value)
    {
        WriteAscii(destination, $"${value.Length}\r\n");
        destination.Write(value);
        WriteAscii(destination, "\r\n");
    }

    private static async ValueTask<object?> ReadReplyAsync(Stream stream, bool sync, CancellationToken token)
    {
        var line = await ReadLineAsync(stream, sync, token);
        var payload = line[1..];
        switch (line[0])
        {
            case '+':
                return payload;
            case '-':
                throw new InvalidOperationException("Redis error: " + payload);
            case ':':
                return long.Parse(payload, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(payload, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var data = new byte[length + 2];
                await ReadExactlyAsync(stream, data, sync, token);
                return data[..length];
            case '*':
                var count = int.Parse(payload, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadReplyAsync(stream, sync, token);
                }

                return items;
            default:
                throw new InvalidDataException($"Unexpected RESP reply type '{line[0]}'.");
        }
    }

    private static async ValueTask<string> ReadLineAsync(Stream stream, bool sync, CancellationToken token)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            await ReadExactlyAsync(stream, one, sync, token);
            if (one[0] == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
            {
                bytes.RemoveAt(bytes.Count - 1);
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.Add(one[0]);
        }
    }

    private static async ValueTask ReadExactlyAsync(Stream stream, byte[] buffer, bool sync, CancellationToken token)
    {
        if (sync)
        {
            stream.ReadExactly(buffer);
        }
        else
        {
            await stream.ReadExactlyAsync(buffer, token);
        }
    }
}
