using System.Net;

namespace LlmAdapters.Http;

/// <summary>A deserialized successful response with the metadata adapters surface.</summary>
internal readonly record struct ProviderResult<T>(T Value, string? RequestId, RateLimitInfo? RateLimits, HttpStatusCode StatusCode);
