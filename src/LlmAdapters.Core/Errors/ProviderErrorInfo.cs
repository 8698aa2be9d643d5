using System;

namespace LlmAdapters;

/// <summary>What a provider's error body said, as extracted by that provider's error parser.</summary>
internal readonly record struct ProviderErrorInfo(
    string? Type = null,
    string? Code = null,
    string? Message = null,
    string? Param = null,
    ProviderErrorKind? Kind = null,
    TimeSpan? RetryAfter = null);

/// <summary>Which exception a failure becomes; a parser may force one when type/code say more than the status.</summary>
internal enum ProviderErrorKind
{
    Unknown,
    Authentication,
    Permission,
    NotFound,
    InvalidRequest,
    ContextLengthExceeded,
    ContentFiltered,
    RateLimited,
    QuotaExceeded,
    Overloaded,
    Server,
    Timeout,
    Network,
    StreamInterrupted,
}

/// <summary>Turns a provider's error body (bounded, possibly not JSON) into <see cref="ProviderErrorInfo"/>.</summary>
/// <param name="statusCode">The HTTP status, or 0 for an error event inside a successful stream.</param>
/// <param name="body">The raw body bytes.</param>
internal delegate ProviderErrorInfo ProviderErrorParser(int statusCode, ReadOnlySpan<byte> body);
