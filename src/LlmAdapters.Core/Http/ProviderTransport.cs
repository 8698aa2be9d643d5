using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Http;

/// <summary>
/// The one HTTP path every adapter uses: applies credentials and default headers, sends JSON, and turns
/// any non-2xx response, network failure or client timeout into the <see cref="ProviderException"/> family.
/// Knows nothing of a provider's JSON beyond the error parser it is given.
/// </summary>
/// <remarks>
/// The trust boundary of every adapter: it follows no redirect (and refuses a response a caller's client fetched from
/// another origin), bounds every body in size (MaxResponseBytes; 64 KiB for error bodies) and in time
/// (ResponseHeadersTimeout, StreamIdleTimeout), and passes each server-controlled string it hands on — request id,
/// rate-limit headers, error fields — through <see cref="SecretRedactor"/> with the secrets of this call.
/// </remarks>
internal sealed partial class ProviderTransport : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxRequestIdLength = 256;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private readonly ProviderTransportOptions _options;
    private readonly bool _ownsClient;
    private readonly TimeSpan? _headersTimeout;
    private readonly TimeSpan _idleTimeout;
    private readonly string[] _defaultHeaderSecrets;

    public ProviderTransport(ProviderTransportOptions options)
    {
        _options = Throw.IfNull(options);
        _headersTimeout = ValidTimeout(options.ResponseHeadersTimeout, nameof(options.ResponseHeadersTimeout));
        _idleTimeout = ValidTimeout(options.StreamIdleTimeout, nameof(options.StreamIdleTimeout)) ?? ProviderTransportOptions.DefaultStreamIdleTimeout;
        _defaultHeaderSecrets = HeaderSecrets(options.DefaultHeaders);
        _ownsClient = options.HttpClient is null;
        HttpClient = options.HttpClient ?? new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),

            // No Accept-Encoding: provider JSON is small, compressed event streams are buffered by proxies
            // (delaying every delta), and decompression costs about 1 KB and a decoder per call.
            AutomaticDecompression = System.Net.DecompressionMethods.None,

            // Credentials never cross an origin: a redirect would re-send x-api-key, api-key or x-goog-api-key (only
            // Authorization is dropped by the handler) and, for 307/308, the whole prompt. A 3xx becomes an error instead.
            AllowAutoRedirect = false,
        })
        {
            // ResponseHeadersTimeout and StreamIdleTimeout bound every call; a client-wide limit would cut off long
            // streams that are still making progress.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string Provider => _options.Provider;

    public HttpClient HttpClient { get; }

    public CredentialSource? Credential => _options.Credential;

    public TimeProvider TimeProvider => _options.TimeProvider;

    /// <summary>Serializes <paramref name="body"/> with its source-generated metadata into a buffered JSON body.</summary>
    public static ByteArrayContent JsonContent<T>(T body, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, typeInfo));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    /// <summary>Sends a JSON request and deserializes a JSON response.</summary>
    public async Task<ProviderResult<TResponse>> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method,
        Uri uri,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var response = await SendAsync(method, uri, JsonContent(body, requestType), streaming: false, cancellationToken, headers).ConfigureAwait(false);
        var value = await response.ReadJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
        return new ProviderResult<TResponse>(value, response.RequestId, response.RateLimits, response.StatusCode);
    }

    /// <summary>Sends a body-less request (GET, DELETE) and deserializes a JSON response.</summary>
    public async Task<ProviderResult<TResponse>> SendJsonAsync<TResponse>(
        HttpMethod method,
        Uri uri,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var response = await SendAsync(method, uri, null, streaming: false, cancellationToken, headers).ConfigureAwait(false);
        var value = await response.ReadJsonAsync(responseType, cancellationToken).ConfigureAwait(false);
        return new ProviderResult<TResponse>(value, response.RequestId, response.RateLimits, response.StatusCode);
    }

    /// <summary>
    /// Sends a request and returns the successful response with its body unread: whole responses too are read
    /// through the body stream, so no more than MaxResponseBytes is ever buffered, and a Content-Length above it is
    /// refused before reading. <paramref name="streaming"/> picks the headers-timeout default and the exception types
    /// of the body's limits. The caller disposes the result.
    /// </summary>
    public async Task<ProviderResponse> SendAsync(
        HttpMethod method,
        Uri uri,
        HttpContent? content,
        bool streaming,
        CancellationToken cancellationToken,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        // Indexed: a foreach over the IReadOnlyList would box its enumerator on every request.
        var defaults = _options.DefaultHeaders;
        for (var i = 0; i < defaults.Count; i++)
        {
            request.Headers.TryAddWithoutValidation(defaults[i].Key, defaults[i].Value);
        }

        if (headers is not null)
        {
            foreach (var header in headers)
            {
                request.Headers.Remove(header.Key);
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (_options.Credential is { } credential)
        {
            try
            {
                await credential.ApplyAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not ProviderException)
            {
                throw new ProviderAuthenticationException(
                    $"Could not obtain credentials for {Provider}: {SecretRedactor.Redact(ex.Message, credential.GetSecrets())}. " +
                    $"Check {credential.Description ?? "the configured credential"}.",
                    new ProviderErrorDetails(Provider),
                    ex);
            }
        }

        var response = await SendForHeadersAsync(request, uri, streaming, cancellationToken).ConfigureAwait(false);
        string? requestId = null;
        try
        {
            requestId = ReadRequestId(response, headers);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                throw TransportErrors.RedirectRefused(Provider, (int)response.StatusCode, RedirectTarget(response, uri), requestId, Secrets(uri, headers));
            }

            // Only a caller-supplied HttpClient can have followed a redirect (ours does not): the request has already gone
            // to the other origin, so the least we owe the caller is to refuse the answer and say so.
            if (response.RequestMessage?.RequestUri is { } final && !SameOrigin(uri, final))
            {
                throw TransportErrors.OriginChanged(Provider, uri, final, response.StatusCode, requestId, Secrets(uri, headers));
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await CreateErrorAsync(response, requestId, uri, headers, cancellationToken).ConfigureAwait(false);
            }

            if (response.Content.Headers.ContentLength is { } length && length > _options.MaxResponseBytes)
            {
                throw TransportErrors.TooLarge(Provider, _options.MaxResponseBytes, length, streaming, requestId);
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return new ProviderResponse(this, response, requestId, _options.MaxResponseBytes, streaming);
    }

    /// <summary>Wraps a response body in the size cap and the idle timeout; used by <see cref="ProviderResponse"/>.</summary>
    internal Stream GuardBody(Stream body, string? requestId, bool streaming) =>
        new BoundedReadStream(body, _options.MaxResponseBytes, Provider, _idleTimeout, _options.TimeProvider, requestId, streaming);

    /// <summary>Reads the rate-limit headers with this transport's secrets masked in names and values.</summary>
    internal RateLimitInfo? ReadRateLimits(HttpResponseHeaders headers) => RateLimitInfo.FromHeaders(headers, Secrets(null, null));

    public void Dispose()
    {
        if (_ownsClient)
        {
            HttpClient.Dispose();
        }
    }

    /// <summary>Builds the exception for an error object received inside a successful stream.</summary>
    public ProviderException StreamError(ProviderErrorInfo info, string? requestId) =>
        ProviderErrorFactory.FromStreamError(Provider, info, requestId, Secrets(null, null));

    /// <summary>The typed, redacted exception for an error object a whole 200 response carries instead of an answer.</summary>
    public ProviderException BodyError(ProviderErrorInfo info, string? requestId) =>
        ProviderErrorFactory.FromBodyError(Provider, info, requestId, Secrets(null, null));

    /// <summary>Parses an error body with the provider's parser, tolerating bodies that are not JSON.</summary>
    public ProviderErrorInfo ParseError(int status, ReadOnlySpan<byte> body)
    {
        try
        {
            return _options.ErrorParser(status, body);
        }
        catch (Exception ex) when (ProviderErrorFactory.IsDecodingFailure(ex))
        {
            // Not only JsonException: invalid UTF-8 in a string raises InvalidOperationException, odd values others. A
            // garbled body then maps by its status alone, so a 429 stays retryable.
            return default;
        }
    }
}

