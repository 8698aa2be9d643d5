using System.Net.Http.Headers;

namespace LlmAdapters.Core.Tests.Errors;

public sealed class RateLimitInfoTests
{
    [Fact]
    public void FromHeaders_OpenAIHeaders_ParsesLimitsRemainingAndResets()
    {
        var info = RateLimitInfo.FromHeaders(Headers(
            ("x-ratelimit-limit-requests", "10000"),
            ("x-ratelimit-remaining-requests", "9999"),
            ("x-ratelimit-reset-requests", "6ms"),
            ("x-ratelimit-limit-tokens", "30000000"),
            ("x-ratelimit-remaining-tokens", "29999990"),
            ("x-ratelimit-reset-tokens", "0s"),
            ("x-request-id", "req_1")));

        Assert.NotNull(info);
        Assert.Equal(10000, info.RequestsLimit);
        Assert.Equal(9999, info.RequestsRemaining);
        Assert.Equal("6ms", info.RequestsReset);
        Assert.Equal(30000000, info.TokensLimit);
        Assert.Equal(29999990, info.TokensRemaining);
        Assert.Equal("0s", info.TokensReset);
        Assert.Null(info.InputTokensLimit);
        Assert.Equal(6, info.Headers.Count);
        Assert.False(info.Headers.ContainsKey("x-request-id"));
    }

    [Fact]
    public void FromHeaders_AnthropicHeaders_ParsesInputAndOutputSeparately()
    {
        var info = RateLimitInfo.FromHeaders(Headers(
            ("anthropic-ratelimit-requests-limit", "50"),
            ("anthropic-ratelimit-requests-remaining", "49"),
            ("anthropic-ratelimit-requests-reset", "2026-03-01T12:00:01Z"),
            ("anthropic-ratelimit-input-tokens-limit", "40000"),
            ("anthropic-ratelimit-input-tokens-remaining", "39000"),
            ("anthropic-ratelimit-output-tokens-limit", "8000"),
            ("anthropic-ratelimit-output-tokens-remaining", "7990"),
            ("anthropic-ratelimit-tokens-limit", "48000")));

        Assert.NotNull(info);
        Assert.Equal(50, info.RequestsLimit);
        Assert.Equal(49, info.RequestsRemaining);
        Assert.Equal("2026-03-01T12:00:01Z", info.RequestsReset);
        Assert.Equal(40000, info.InputTokensLimit);
        Assert.Equal(39000, info.InputTokensRemaining);
        Assert.Equal(8000, info.OutputTokensLimit);
        Assert.Equal(7990, info.OutputTokensRemaining);
        Assert.Equal(48000, info.TokensLimit);
    }

    [Fact]
    public void FromHeaders_TokenLimitFamilyAndOddCasing_AreKeptInHeaders()
    {
        var info = RateLimitInfo.FromHeaders(Headers(("X-TokenLimit-Remaining", "12"), ("X-RateLimit-Remaining-Requests", "abc")));

        Assert.NotNull(info);
        Assert.Equal("12", info.Headers["x-tokenlimit-remaining"]);
        Assert.Null(info.RequestsRemaining);
        Assert.Equal("abc", info.Headers["X-RATELIMIT-REMAINING-REQUESTS"]);
    }

    [Fact]
    public void FromHeaders_NoRateLimitHeaders_ReturnsNull()
    {
        Assert.Null(RateLimitInfo.FromHeaders(Headers(("content-type", "application/json"), ("x-request-id", "r"))));
    }

    [Fact]
    public void FromHeaders_Null_Throws()
    {
        Assert.Equal("headers", Assert.Throws<ArgumentNullException>(() => RateLimitInfo.FromHeaders(null!)).ParamName);
    }

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        using var response = new HttpResponseMessage();
        foreach (var (name, value) in values)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response.Headers;
    }
}
