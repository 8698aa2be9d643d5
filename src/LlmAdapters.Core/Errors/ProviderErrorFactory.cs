using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace LlmAdapters;

/// <summary>
/// The one place that decides which <see cref="ProviderException"/> a failure becomes: a table keyed on the
/// HTTP status, refined by the kind a provider's parser derived from its error type/code (never from message text).
/// </summary>
internal static class ProviderErrorFactory
{
    public static ProviderException FromHttp(
        string provider,
        int status,
        ProviderErrorInfo info,
        string? requestId,
        TimeSpan? retryAfter,
        RateLimitInfo? rateLimits,
        bool? shouldRetryHeader,
        string? credentialHint,
        IEnumerable<string?>? secrets)
    {
        // Redacted before anything reads them: the type and code also pick the exception kind, and a table entry never
        // contains a secret, so masking first changes no decision.
        info = Redact(info, secrets);
        requestId = SecretRedactor.Redact(requestId, secrets);
        var kind = info.Kind ?? KindFromStatus(status);
        var retryable = shouldRetryHeader ?? IsRetryableKind(kind, status);
        var details = new ProviderErrorDetails(
            provider,
            (HttpStatusCode)status,
            info.Type,
            info.Code,
            requestId,
            retryAfter ?? info.RetryAfter,
            retryable,
            rateLimits);
        var message = Compose(provider, status, kind, info, details, credentialHint);
        return Create(kind, message, details, null);
    }

    /// <summary>An error object that arrived inside a 200 stream (OpenAI <c>data: {"error":…}</c>, Anthropic <c>event: error</c>).</summary>
    public static ProviderException FromStreamError(string provider, ProviderErrorInfo info, string? requestId, IEnumerable<string?>? secrets) =>
        FromInBandError(provider, info, requestId, secrets, midStream: true);

    /// <summary>An error object a whole 200 response carries instead of an answer (a Responses API <c>failed</c> response).</summary>
    public static ProviderException FromBodyError(string provider, ProviderErrorInfo info, string? requestId, IEnumerable<string?>? secrets) =>
        FromInBandError(provider, info, requestId, secrets, midStream: false);

    private static ProviderException FromInBandError(string provider, ProviderErrorInfo info, string? requestId, IEnumerable<string?>? secrets, bool midStream)
    {
        info = Redact(info, secrets);
        requestId = SecretRedactor.Redact(requestId, secrets);
        var kind = info.Kind ?? KindFromStatus(0);
        if (kind == ProviderErrorKind.Unknown)
        {
            kind = ProviderErrorKind.StreamInterrupted;
        }

        var details = new ProviderErrorDetails(provider, null, info.Type, info.Code, requestId, info.RetryAfter, IsRetryableKind(kind, 0));
        var what = Describe(info);
        var message = midStream
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{provider} reported an error in the middle of the stream{what}. The updates already received are complete as far as they go; {Advice(kind, null)}")
            : string.Create(CultureInfo.InvariantCulture, $"{provider} answered with a failed response{what}. {Advice(kind, null)}");
        return Create(kind, message, details, null);
    }

    public static StreamInterruptedException StreamInterrupted(string provider, string? requestId, string reason, Exception? inner)
    {
        var details = new ProviderErrorDetails(provider, null, null, null, requestId, null, IsRetryable: true);
        return new StreamInterruptedException(
            $"The {provider} stream was interrupted: {reason}. The updates already received are kept; retry the request to get a complete answer.",
            details,
            inner);
    }

    /// <summary>
    /// A whole response whose bytes could not be decoded or mapped. The message names only the failure's type: exception
    /// messages of decoders quote the server's bytes (property names, values), where a hostile server puts echoed keys.
    /// </summary>
    public static ProviderResponseException ResponseUndecodable(string provider, HttpStatusCode? status, string? requestId, Exception inner, string? expected = null)
    {
        var what = inner is JsonException ? $"is not {expected ?? "the JSON this provider returns"}" : $"holds a value that could not be mapped ({inner.GetType().Name})";
        var details = new ProviderErrorDetails(provider, status, RequestId: requestId, IsRetryable: status is { } code && !IsSuccess(code) && IsRetryableKind(KindFromStatus((int)code), (int)code));
        return new ProviderResponseException(
            $"{provider} returned a response body that {what}. Check that the endpoint speaks this provider's API (a proxy may have answered instead).",
            details,
            inner);
    }

    /// <summary>
    /// Re-raises a failure of a request that referenced a context cache as <see cref="ContextCacheNotFoundException"/>, once
    /// the provider's error handling has decided (from the status and error type, never the text) that the cache is gone.
    /// The provider's fields are kept; the error is not retryable as it stands, since the same reference fails again.
    /// </summary>
    public static ContextCacheNotFoundException ContextCacheNotFound(ProviderException error, string cacheName)
    {
        var details = new ProviderErrorDetails(
            error.Provider, error.StatusCode, error.ProviderErrorType, error.ProviderErrorCode, error.RequestId, error.RetryAfter, IsRetryable: false, error.RateLimits);
        var status = error.StatusCode is { } code ? string.Create(CultureInfo.InvariantCulture, $" (HTTP {(int)code})") : string.Empty;
        var requestId = error.RequestId is null ? string.Empty : $" Request id: {error.RequestId}.";
        return new ContextCacheNotFoundException(
            $"{error.Provider} no longer has the context cache '{Bounded(cacheName, 200)}' the request referenced{status}: it expired or was deleted. " +
            $"Create the cache again, or send the request without it (UsePromptCaching recreates its caches by itself).{requestId}",
            details,
            error);
    }

    /// <summary>A chunk of a stream whose bytes could not be decoded or mapped; what was yielded before stays valid.</summary>
    public static StreamInterruptedException ChunkUndecodable(string provider, string? requestId, Exception inner) =>
        StreamInterrupted(provider, requestId, inner is JsonException ? "a chunk could not be parsed" : $"a chunk held a value that could not be mapped ({inner.GetType().Name})", inner);

    /// <summary>Whether an exception raised while decoding or mapping provider bytes must be wrapped: cancellation and our own
    /// exceptions pass unchanged.</summary>
    public static bool IsDecodingFailure(Exception ex) => ex is not (OperationCanceledException or ProviderException);

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    /// <summary>
    /// A failure before any response arrived. The endpoint is printed as scheme, host and port only: a password in its
    /// user-info part (<c>user:pass@host</c>) or a key in its query never reaches the message.
    /// </summary>
    public static ProviderNetworkException Network(string provider, Uri? endpoint, Exception inner, bool timedOut, IEnumerable<string?>? secrets = null)
    {
        var where = endpoint is null ? string.Empty : $" at {SecretRedactor.Origin(endpoint)}";
        var details = new ProviderErrorDetails(provider, null, null, null, null, null, IsRetryable: true);
        if (timedOut)
        {
            return new ProviderTimeoutException(
                $"The request to {provider}{where} timed out before a response arrived. Retry, or raise HttpClient.Timeout for long generations (streaming avoids most timeouts).",
                details,
                inner);
        }

        string?[] known = [.. secrets ?? [], .. SecretRedactor.UserInfoSecrets(endpoint)];
        var reason = SecretRedactor.Redact(inner.Message, known)!;
        return new ProviderNetworkException(
            $"Could not reach {provider}{where}: {reason.TrimEnd('.')}. Check the endpoint, the network and any proxy, then retry.",
            details,
            WithoutSecrets(inner, reason, known));
    }

    /// <summary>
    /// The inner exception to keep. .NET quotes what it refused (a malformed response header, say) in its messages, and a
    /// hostile server can put an echoed key there; <see cref="Exception.ToString"/> and loggers print the whole chain, so a
    /// chain quoting a secret anywhere is replaced by one exception of the same kind carrying the redacted message.
    /// </summary>
    private static Exception WithoutSecrets(Exception inner, string redactedMessage, string?[] secrets)
    {
        for (var current = inner; current is not null; current = current.InnerException)
        {
            if (!string.Equals(SecretRedactor.Redact(current.Message, secrets), current.Message, StringComparison.Ordinal))
            {
                return inner is HttpRequestException http
                    ? new HttpRequestException(http.HttpRequestError, redactedMessage, null, http.StatusCode)
                    : new IOException(redactedMessage);
            }
        }

        return inner;
    }

    public static ProviderException Create(ProviderErrorKind kind, string message, ProviderErrorDetails details, Exception? inner) => kind switch
    {
        ProviderErrorKind.Authentication => new ProviderAuthenticationException(message, details, inner),
        ProviderErrorKind.Permission => new ProviderPermissionException(message, details, inner),
        ProviderErrorKind.NotFound => new ModelNotFoundException(message, details, inner),
        ProviderErrorKind.InvalidRequest => new InvalidRequestException(message, details, inner),
        ProviderErrorKind.ContextLengthExceeded => new ContextLengthExceededException(message, details, inner),
        ProviderErrorKind.ContentFiltered => new ContentFilteredException(message, details, inner),
        ProviderErrorKind.RateLimited => new RateLimitedException(message, details, inner),
        ProviderErrorKind.QuotaExceeded => new QuotaExceededException(message, details, inner),
        ProviderErrorKind.Overloaded => new ProviderOverloadedException(message, details, inner),
        ProviderErrorKind.Server => new ProviderServerException(message, details, inner),
        ProviderErrorKind.Timeout => new ProviderTimeoutException(message, details, inner),
        ProviderErrorKind.Network => new ProviderNetworkException(message, details, inner),
        ProviderErrorKind.StreamInterrupted => new StreamInterruptedException(message, details, inner),
        _ => new ProviderException(message, details, inner),
    };

    /// <summary>The status-only rules. What a provider's error type or code says beyond the status is that provider's
    /// parser's business: it reports a <see cref="ProviderErrorInfo.Kind"/>, which wins over this table.</summary>
    internal static ProviderErrorKind KindFromStatus(int status) => status switch
        {
            400 or 413 or 422 => ProviderErrorKind.InvalidRequest,
            401 => ProviderErrorKind.Authentication,
            402 => ProviderErrorKind.QuotaExceeded,
            403 => ProviderErrorKind.Permission,
            404 => ProviderErrorKind.NotFound,
            408 => ProviderErrorKind.Timeout,
            429 => ProviderErrorKind.RateLimited,
            503 or 529 => ProviderErrorKind.Overloaded,
            >= 500 => ProviderErrorKind.Server,
            _ => ProviderErrorKind.Unknown,
        };

    private static bool IsRetryableKind(ProviderErrorKind kind, int status) => kind switch
    {
        ProviderErrorKind.RateLimited or ProviderErrorKind.Overloaded or ProviderErrorKind.Server
            or ProviderErrorKind.Timeout or ProviderErrorKind.Network or ProviderErrorKind.StreamInterrupted => true,
        ProviderErrorKind.QuotaExceeded => false,
        _ => status is 408 or 409,
    };

    private static string Compose(
        string provider,
        int status,
        ProviderErrorKind kind,
        ProviderErrorInfo info,
        ProviderErrorDetails details,
        string? credentialHint)
    {
        var sb = new StringBuilder();
        sb.Append(provider).Append(" returned HTTP ").Append(status.ToString(CultureInfo.InvariantCulture));
        if (Enum.IsDefined(typeof(HttpStatusCode), status))
        {
            sb.Append(" (").Append(((HttpStatusCode)status).ToString()).Append(')');
        }

        sb.Append(Describe(info)).Append(". ").Append(Advice(kind, credentialHint));
        if (details.RetryAfter is { } wait)
        {
            sb.Append(" The provider asked to wait ").Append(wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)).Append(" s before retrying.");
        }

        if (details.RequestId is not null)
        {
            sb.Append(" Request id: ").Append(details.RequestId).Append('.');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Masks the secrets in every server-controlled field of an error: type, code, message and parameter. The one place
    /// they are scrubbed, so the message, <see cref="ProviderException.ProviderErrorType"/>,
    /// <see cref="ProviderException.ProviderErrorCode"/> and whatever logs or spans copy from them agree.
    /// </summary>
    internal static ProviderErrorInfo Redact(ProviderErrorInfo info, IEnumerable<string?>? secrets) => info with
    {
        Type = SecretRedactor.Redact(info.Type, secrets),
        Code = SecretRedactor.Redact(info.Code, secrets),
        Message = SecretRedactor.Redact(info.Message, secrets),
        Param = SecretRedactor.Redact(info.Param, secrets),
    };

    // The info was redacted by the caller; only length is bounded here (a hostile body can make any field huge).
    private static string Describe(ProviderErrorInfo info)
    {
        var sb = new StringBuilder();
        var tag = info.Code ?? info.Type;
        if (tag is not null)
        {
            sb.Append(" [").Append(Bounded(tag, 200)).Append(']');
        }

        if (!string.IsNullOrWhiteSpace(info.Message))
        {
            sb.Append(": ").Append(Bounded(info.Message.Trim(), 500).TrimEnd('.'));
        }

        if (info.Param is not null)
        {
            sb.Append(" (parameter '").Append(Bounded(info.Param, 200)).Append("')");
        }

        return sb.ToString();
    }

    private static string Bounded(string text, int length) => text.Length > length ? string.Concat(text.AsSpan(0, length), "…") : text;

    private static string Advice(ProviderErrorKind kind, string? credentialHint) => kind switch
    {
        ProviderErrorKind.Authentication => credentialHint is null
            ? "Check that the credentials are valid and not expired."
            : $"Check the credentials ({credentialHint}); they are missing, wrong or expired.",
        ProviderErrorKind.Permission => "The credentials are valid but lack access to this model, project or region; check the account's permissions.",
        ProviderErrorKind.NotFound => "Check the model id (and for Azure the deployment name) against the provider's model list.",
        ProviderErrorKind.InvalidRequest => "Fix the request: the provider will reject it again unchanged.",
        ProviderErrorKind.ContextLengthExceeded => "Shorten the conversation or lower MaxOutputTokens so prompt plus output fit the model's context window.",
        ProviderErrorKind.ContentFiltered => "The provider's safety system blocked this content; rephrase the prompt.",
        ProviderErrorKind.RateLimited => "Slow down: retry after the indicated wait, or lower the request rate.",
        ProviderErrorKind.QuotaExceeded => "The account's quota or credits are exhausted; retrying will not help until billing is fixed.",
        ProviderErrorKind.Overloaded => "The provider is overloaded; retry with backoff or fall back to another model.",
        ProviderErrorKind.Server => "The provider failed internally; retry with backoff.",
        ProviderErrorKind.Timeout => "The request timed out; retry.",
        ProviderErrorKind.StreamInterrupted => "retry the request to get a complete answer.",
        _ => "Retrying may or may not help.",
    };
}
