using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Http;

/// <summary>A successful HTTP response whose body has not been read yet. Dispose it when done.</summary>
internal sealed class ProviderResponse : IDisposable
{
    private readonly ProviderTransport _transport;
    private readonly HttpResponseMessage _response;
    private readonly bool _streaming;
    private readonly long _maxBytes;
    private RateLimitInfo? _rateLimits;
    private bool _rateLimitsRead;

    public ProviderResponse(ProviderTransport transport, HttpResponseMessage response, string? requestId, long maxBytes, bool streaming = false)
    {
        // The transport applies the cap (and idle timeout) in OpenBodyAsync; it also bounds how far ReadAsync grows its buffer.
        _maxBytes = maxBytes;
        _transport = transport;
        _response = response;
        _streaming = streaming;
        RequestId = requestId;
    }

    public string? RequestId { get; }

    public HttpStatusCode StatusCode => _response.StatusCode;

    public HttpResponseMessage Message => _response;

    public RateLimitInfo? RateLimits
    {
        get
        {
            if (!_rateLimitsRead)
            {
                _rateLimits = _transport.ReadRateLimits(_response.Headers);
                _rateLimitsRead = true;
            }

            return _rateLimits;
        }
    }

    /// <summary>Deserializes the whole body; a malformed body becomes a <see cref="ProviderException"/>.</summary>
    public async Task<T> ReadJsonAsync<T>(JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var stream = await OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw new JsonException("The body was the JSON literal null.");
            }
            catch (JsonException ex)
            {
                throw NotExpectedJson(ex, "the JSON this provider returns");
            }
            catch (IOException ex)
            {
                throw ProviderErrorFactory.Network(_transport.Provider, _response.RequestMessage?.RequestUri, ex, timedOut: false);
            }
        }
    }

    /// <summary>Reads the whole body into a pooled buffer and decodes it with <paramref name="parse"/> (no intermediate
    /// stream reader, no DOM); <paramref name="expected"/> names what the body should have been. A body the parser rejects with <see cref="JsonException"/> becomes a <see cref="ProviderException"/>.</summary>
    public async ValueTask<T> ReadAsync<T>(BodyParser<T> parse, string expected, CancellationToken cancellationToken)
    {
        var stream = await OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                var length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length >= _maxBytes)
                        {
                            // The buffer holds the whole allowance: the next read either ends the body or fails it at the
                            // cap, so it goes to a one-byte probe instead of a doubled buffer (an endless body then costs
                            // about twice the cap, not four times).
                            await ProbeEndAsync(stream, length, cancellationToken).ConfigureAwait(false);
                            break;
                        }

                        // Pooled arrays come in powers of two, so a cap that is not one still rents the next size up.
                        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, Math.Min(_maxBytes, Array.MaxLength)));
                        Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    int read;
                    try
                    {
                        read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        throw ProviderErrorFactory.Network(_transport.Provider, _response.RequestMessage?.RequestUri, ex, timedOut: false);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }

                try
                {
                    return parse(buffer.AsSpan(0, length));
                }
                catch (JsonException ex)
                {
                    throw NotExpectedJson(ex, expected);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Checks that a body that filled the whole allowance has ended; the bounded body stream reports one that goes on.</summary>
    private async ValueTask ProbeEndAsync(Stream stream, long length, CancellationToken cancellationToken)
    {
        int read;
        try
        {
            read = await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw ProviderErrorFactory.Network(_transport.Provider, _response.RequestMessage?.RequestUri, ex, timedOut: false);
        }

        if (read > 0)
        {
            throw TransportErrors.TooLarge(_transport.Provider, _maxBytes, length + read, _streaming, RequestId);
        }
    }

    /// <summary>Opens the body stream, capped at the transport's maximum response size and failing when it stalls
    /// (<see cref="ProviderTransportOptions.StreamIdleTimeout"/>).</summary>
    public async Task<Stream> OpenBodyAsync(CancellationToken cancellationToken)
    {
        var inner = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return _transport.GuardBody(inner, RequestId, _streaming);
    }

    public void Dispose() => _response.Dispose();

    // The parser's message is not quoted: it names the body's (server-chosen) property names and values.
    private ProviderResponseException NotExpectedJson(JsonException ex, string expected) =>
        ProviderErrorFactory.ResponseUndecodable(_transport.Provider, _response.StatusCode, RequestId, ex, expected);
}

/// <summary>Decodes a whole response body from its UTF-8 bytes.</summary>
internal delegate T BodyParser<out T>(ReadOnlySpan<byte> body);
