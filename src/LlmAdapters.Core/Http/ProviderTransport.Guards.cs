using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Http;

/// <summary>What the transport does with what the server sends before a body is handed on: the wait for headers,
/// redirects, error bodies, and the secrets every server-controlled string is scrubbed of.</summary>
internal sealed partial class ProviderTransport
{
    /// <summary>Sends and waits for the response headers only, within the headers timeout.</summary>
    private async Task<HttpResponseMessage> SendForHeadersAsync(HttpRequestMessage request, Uri uri, bool streaming, CancellationToken cancellationToken)
    {
        var timeout = _headersTimeout
            ?? (streaming ? ProviderTransportOptions.DefaultStreamingHeadersTimeout : ProviderTransportOptions.DefaultResponseHeadersTimeout);
        using var deadline = timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(timeout, _options.TimeProvider);
        using var linked = deadline is not null && cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token)
            : null;
        var token = linked?.Token ?? deadline?.Token ?? cancellationToken;
        try
        {
            // Always headers-only, also for whole responses: the body is then read through the bounded stream, so a
            // 1 GiB answer or error page is never buffered whole before any limit applies.
            return await HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's own cancellation, reported with the caller's token (not the linked one).
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (Exception ex) when (deadline is { IsCancellationRequested: true } && ex is OperationCanceledException or HttpRequestException)
        {
            throw TransportErrors.HeadersTimedOut(Provider, uri, timeout, ex);
        }
        catch (OperationCanceledException ex)
        {
            // HttpClient.Timeout of a caller-supplied client.
            throw ProviderErrorFactory.Network(Provider, uri, ex, timedOut: true);
        }
        catch (HttpRequestException ex)
        {
            throw ProviderErrorFactory.Network(Provider, uri, ex, timedOut: false, Secrets(uri, null));
        }
    }

    private string? ReadRequestId(HttpResponseMessage response, IEnumerable<KeyValuePair<string, string>>? headers)
    {
        if (!response.Headers.NonValidated.TryGetValues(_options.RequestIdHeader, out var ids))
        {
            return null;
        }

        // Server-controlled and copied into exceptions, response properties, logs and spans: scrubbed once, here.
        var id = SecretRedactor.Redact(ids.ToString(), Secrets(response.RequestMessage?.RequestUri, headers));
        return id.Length > MaxRequestIdLength ? id[..MaxRequestIdLength] : id;
    }

    private static Uri? RedirectTarget(HttpResponseMessage response, Uri sent)
    {
        if (!response.Headers.NonValidated.TryGetValues("Location", out var values))
        {
            return null;
        }

        var location = values.ToString().Trim();
        return Uri.TryCreate(sent, location, out var target) && target.IsAbsoluteUri ? target : null;
    }

    private static bool SameOrigin(Uri sent, Uri final) =>
        !sent.IsAbsoluteUri || !final.IsAbsoluteUri
        || Uri.Compare(sent, final, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// The secrets of one call: what the credential holds now, credential-like default and per-request header values,
    /// and the user-info of the endpoint. Read per call, so a refreshed token is covered as soon as it is used.
    /// </summary>
    private string?[] Secrets(Uri? uri, IEnumerable<KeyValuePair<string, string>>? headers) =>
        [.. _options.Credential?.GetSecrets() ?? [], .. _defaultHeaderSecrets, .. HeaderSecrets(headers), .. SecretRedactor.UserInfoSecrets(uri)];

    /// <summary>Values of headers whose names say they carry a credential (a key, a token, a password, a cookie).</summary>
    private static string[] HeaderSecrets(IEnumerable<KeyValuePair<string, string>>? headers)
    {
        if (headers is null)
        {
            return [];
        }

        List<string>? secrets = null;
        foreach (var (name, value) in headers)
        {
            if (string.IsNullOrEmpty(value) || !LooksLikeCredentialHeader(name))
            {
                continue;
            }

            secrets ??= [];
            secrets.Add(value);
            // "Bearer abc…": the token alone is what a server would echo.
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                secrets.Add(value[(space + 1)..].Trim());
            }
        }

        return secrets?.ToArray() ?? [];
    }

    private static bool LooksLikeCredentialHeader(string name) =>
        name.Contains("auth", StringComparison.OrdinalIgnoreCase)
        || name.Contains("key", StringComparison.OrdinalIgnoreCase)
        || name.Contains("token", StringComparison.OrdinalIgnoreCase)
        || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || name.Contains("password", StringComparison.OrdinalIgnoreCase)
        || name.Contains("cookie", StringComparison.OrdinalIgnoreCase);

    private static TimeSpan? ValidTimeout(TimeSpan? value, string name)
    {
        if (value is { } timeout && timeout != Timeout.InfiniteTimeSpan && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, timeout, $"{name} must be positive, or Timeout.InfiniteTimeSpan to wait without limit.");
        }

        return value;
    }

    private async Task<ProviderException> CreateErrorAsync(
        HttpResponseMessage response,
        string? requestId,
        Uri uri,
        IEnumerable<KeyValuePair<string, string>>? headers,
        CancellationToken cancellationToken)
    {
        var body = await ReadErrorBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
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
        var secrets = Secrets(uri, headers);
        return ProviderErrorFactory.FromHttp(
            Provider,
            status,
            info,
            requestId,
            RetryAfterParser.Parse(response.Headers, _options.TimeProvider),
            RateLimitInfo.FromHeaders(response.Headers, secrets),
            shouldRetry,
            _options.Credential?.Description,
            secrets);
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

    /// <summary>
    /// Reads at most <see cref="MaxErrorBodyBytes"/> of an error body, under the idle timeout. A body that breaks or stalls
    /// yields what arrived: the status alone still decides the exception.
    /// </summary>
    private async Task<byte[]> ReadErrorBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var total = 0;
        try
        {
            var stream = GuardBody(await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), null, streaming: false);
            await using (stream.ConfigureAwait(false))
            {
                while (total < MaxErrorBodyBytes)
                {
                    if (total == buffer.Length)
                    {
                        Array.Resize(ref buffer, Math.Min(MaxErrorBodyBytes, buffer.Length * 2));
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(total, buffer.Length - total), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ProviderException)
        {
            // Keep what arrived.
        }

        return total == buffer.Length ? buffer : buffer.AsSpan(0, total).ToArray();
    }
}
