using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;

namespace LlmAdapters;

/// <summary>
/// The exceptions the transport raises on its own account — a redirect it will not follow, a response too large to
/// buffer, a provider that stops answering — with messages that say what happened and what to change.
/// </summary>
internal static class TransportErrors
{
    /// <summary>A 3xx the transport did not follow: credentials and the prompt stay with the origin they were meant for.</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="status">The redirect status.</param>
    /// <param name="target">Where the redirect pointed, already resolved against the request address; null when absent or unreadable.</param>
    /// <param name="requestId">The request id, already redacted.</param>
    /// <param name="secrets">Secrets to mask in the target host.</param>
    public static ProviderException RedirectRefused(string provider, int status, Uri? target, string? requestId, IEnumerable<string?>? secrets)
    {
        var where = target is null ? "without a usable Location" : $"to {HostOf(target, secrets)}";
        var message = string.Create(CultureInfo.InvariantCulture, $"{provider} answered HTTP {status}{NameOf(status)}, a redirect {where}.") +
            " Redirects are not followed, so the credentials and the request were not sent there. If that address is the right endpoint, set the adapter's Endpoint to it.";
        return new ProviderException(message, new ProviderErrorDetails(provider, (HttpStatusCode)status, RequestId: requestId));
    }

    /// <summary>A caller-supplied <see cref="HttpClient"/> delivered the request to another origin than the one addressed.</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="sent">The address the transport sent to.</param>
    /// <param name="final">The address the response came from.</param>
    /// <param name="status">The final response status.</param>
    /// <param name="requestId">The request id, already redacted.</param>
    /// <param name="secrets">Secrets to mask in the host names.</param>
    public static ProviderException OriginChanged(string provider, Uri sent, Uri final, HttpStatusCode status, string? requestId, IEnumerable<string?>? secrets)
    {
        var from = HostOf(sent, secrets);
        var to = HostOf(final, secrets);
        var message =
            $"The request to {provider} at {from} was answered by {to}: the HttpClient passed to the adapter followed a redirect (or a handler in its " +
            $"pipeline rerouted the request), so the request and its credential headers were sent to {to}. The response was discarded. Turn off " +
            "automatic redirects on that client's handler (SocketsHttpHandler.AllowAutoRedirect = false) and set the adapter's Endpoint to the final " +
            $"address; replace the credentials if {to} is not trusted.";
        return new ProviderException(message, new ProviderErrorDetails(provider, status, RequestId: requestId));
    }

    /// <summary>The body is, or announces itself as, larger than the cap: <see cref="ProviderResponseException"/> for a whole response;
    /// a stream keeps what it yielded: <see cref="StreamInterruptedException"/>.</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="limit">The cap in bytes (MaxResponseBytes).</param>
    /// <param name="announced">The Content-Length when the response was refused before reading; null when the cap was hit while reading.</param>
    /// <param name="streaming">Whether the body is a stream of updates.</param>
    /// <param name="requestId">The request id, already redacted.</param>
    public static ProviderException TooLarge(string provider, long limit, long? announced, bool streaming, string? requestId)
    {
        // Not retryable: the same request is likely to produce the same oversized answer; the fix is the cap or the request.
        var details = new ProviderErrorDetails(provider, RequestId: requestId);
        var what = streaming ? "stream" : "response";
        var advice = "Raise the adapter's MaxResponseBytes if this is expected.";
        if (announced is { } length)
        {
            var refused = string.Create(
                CultureInfo.InvariantCulture,
                $"The {provider} {what} announced {length} bytes, more than the maximum size of {limit} bytes, and was refused before reading. {advice}");
            return streaming ? new StreamInterruptedException(refused, details) : new ProviderResponseException(refused, details);
        }

        return streaming
            ? new StreamInterruptedException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The {provider} stream exceeded the maximum size of {limit} bytes and was cut off. The updates already received are kept. {advice}"),
                details)
            : new ProviderResponseException(
                string.Create(CultureInfo.InvariantCulture, $"The {provider} response exceeded the maximum size of {limit} bytes and was cut off. {advice}"),
                details);
    }

    /// <summary>No response headers arrived within <paramref name="timeout"/>.</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="endpoint">The address called.</param>
    /// <param name="timeout">The ResponseHeadersTimeout in force.</param>
    /// <param name="inner">The cancellation that ended the wait.</param>
    public static ProviderTimeoutException HeadersTimedOut(string provider, Uri endpoint, TimeSpan timeout, Exception inner) => new(
        $"{provider} at {SecretRedactor.Origin(endpoint)} sent no response within {Seconds(timeout)} (ResponseHeadersTimeout). " +
            "Retry; if long non-streaming generations are expected, stream them or raise ResponseHeadersTimeout.",
        new ProviderErrorDetails(provider, IsRetryable: true),
        inner);

    /// <summary>The body stopped arriving: no byte for <paramref name="timeout"/> while a read waited.</summary>
    /// <param name="provider">The provider name.</param>
    /// <param name="timeout">The StreamIdleTimeout in force.</param>
    /// <param name="streaming">Whether the body is a stream of updates.</param>
    /// <param name="requestId">The request id, already redacted.</param>
    /// <param name="inner">The cancellation or connection failure that ended the read.</param>
    public static ProviderTimeoutException Stalled(string provider, TimeSpan timeout, bool streaming, string? requestId, Exception inner) => new(
        streaming
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"The {provider} stream stalled: nothing arrived for {Seconds(timeout)} (StreamIdleTimeout). The updates already received are kept; retry the request to get a complete answer.")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"The {provider} response stalled: no byte of its body arrived for {Seconds(timeout)} (StreamIdleTimeout). Retry the request."),
        new ProviderErrorDetails(provider, RequestId: requestId, IsRetryable: true),
        inner);

    private static string HostOf(Uri uri, IEnumerable<string?>? secrets)
    {
        if (!uri.IsAbsoluteUri)
        {
            return "a relative address";
        }

        // Host and port only: a path or query may carry tokens, user info a password.
        var host = uri.IsDefaultPort ? uri.Host : string.Create(CultureInfo.InvariantCulture, $"{uri.Host}:{uri.Port}");
        host = SecretRedactor.Redact(host, secrets);
        return host.Length > 255 ? string.Concat(host.AsSpan(0, 255), "…") : host;
    }

    // HttpStatusCode has aliases for most 3xx codes (307 is also RedirectKeepVerb): name them as the RFC does.
    private static string NameOf(int status) => status switch
    {
        300 => " (MultipleChoices)",
        301 => " (MovedPermanently)",
        302 => " (Found)",
        303 => " (SeeOther)",
        304 => " (NotModified)",
        307 => " (TemporaryRedirect)",
        308 => " (PermanentRedirect)",
        _ => string.Empty,
    };

    private static string Seconds(TimeSpan timeout) =>
        timeout.TotalSeconds.ToString(timeout.TotalSeconds < 10 ? "0.###" : "0", CultureInfo.InvariantCulture) + " s";
}
