using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LlmAdapters.Http;

/// <summary>
/// The one HTTP path every adapter uses: applies credentials and default headers, sends JSON, and turns
/// any non-2xx response, network failure or client timeout into the <see cref="ProviderException"/> family.
/// Knows nothing of a provider's JSON beyond the error parser it is given.
/// </summary>
internal sealed class ProviderTransport : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private readonly ProviderTransportOptions _options;
    private readonly bool _ownsClient;

    public ProviderTransport(ProviderTransportOptions options)
    {
        _options = Throw.IfNull(options);
        _ownsClient = options.HttpClient is null;
        HttpClient = options.HttpClient ?? new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),

            // No Accept-Encoding: provider JSON is small, compressed event streams are buffered by proxies
            // (delaying every delta), and decompression costs about 1 KB and a decoder per call.
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromMinutes(10),
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
    /// Sends a request and returns the successful response. With <paramref name="streaming"/> the body is not
    /// buffered (<see cref="HttpCompletionOption.ResponseHeadersRead"/>). The caller disposes the result.
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

        HttpResponseMessage response;
        try
        {
            response = await HttpClient.SendAsync(
                request,
                streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw ProviderErrorFactory.Network(Provider, uri, ex, timedOut: true);
        }
        catch (HttpRequestException ex)
        {
            throw ProviderErrorFactory.Network(Provider, uri, ex, timedOut: false);
        }

        var requestId = response.Headers.NonValidated.TryGetValues(_options.RequestIdHeader, out var ids) ? ids.ToString() : null;
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await CreateErrorAsync(response, requestId, cancellationToken).ConfigureAwait(false);
            }
        }

        return new ProviderResponse(this, response, requestId, _options.MaxResponseBytes);
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            HttpClient.Dispose();
        }
    }

    /// <summary>Builds the exception for an error object received inside a successful stream.</summary>
    public ProviderException StreamError(ProviderErrorInfo info, string? requestId) =>
        ProviderErrorFactory.FromStreamError(Provider, info, requestId, Credential?.GetSecrets());

    /// <summary>Parses an error body with the provider's parser, tolerating bodies that are not JSON.</summary>
    public ProviderErrorInfo ParseError(int status, ReadOnlySpan<byte> body)
    {
        try
        {
            return _options.ErrorParser(status, body);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private async Task<ProviderException> CreateErrorAsync(HttpResponseMessage response, string? requestId, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            body = await ReadBoundedAsync(response.Content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            body = [];
        }

        var status = (int)response.StatusCode;
        var info = ParseError(status, body);
        if (info.Message is null && body.Length > 0 && !LooksLikeJson(body))
        {
            // An HTML or plain-text page from a proxy or load balancer: say so instead of echoing the page.
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "unknown content type";
            info = info with { Message = $"the response body was not a {Provider} error object ({mediaType}, {body.Length} bytes), likely from a proxy or gateway" };
        }

        bool? shouldRetry = response.Headers.TryGetValues("x-should-retry", out var sr)
            ? string.Equals(sr.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase)
                ? true
                : string.Equals(sr.FirstOrDefault(), "false", StringComparison.OrdinalIgnoreCase) ? false : null
            : null;
        return ProviderErrorFactory.FromHttp(
            Provider,
            status,
            info,
            requestId,
            RetryAfterParser.Parse(response.Headers, _options.TimeProvider),
            RateLimitInfo.FromHeaders(response.Headers),
            shouldRetry,
            _options.Credential?.Description,
            _options.Credential?.GetSecrets());
    }

    private static bool LooksLikeJson(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
            {
                continue;
            }

            return b is (byte)'{' or (byte)'[';
        }

        return false;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(limit, 16 * 1024)];
            var total = 0;
            while (total < limit)
            {
                if (total == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Min(limit, buffer.Length * 2));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total, buffer.Length - total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total == buffer.Length ? buffer : buffer.AsSpan(0, total).ToArray();
        }
    }
}
