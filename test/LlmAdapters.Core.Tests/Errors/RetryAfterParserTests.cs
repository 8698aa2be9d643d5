using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.Core.Tests.Errors;

public sealed class RetryAfterParserTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Parse_RetryAfterMs_WinsOverSeconds()
    {
        var headers = Headers(("retry-after-ms", "1250.5"), ("retry-after", "30"));

        Assert.Equal(TimeSpan.FromMilliseconds(1250.5), RetryAfterParser.Parse(headers, _clock));
    }

    [Theory]
    [InlineData("20", 20.0)]
    [InlineData("0", 0.0)]
    [InlineData("1.5", 1.5)]
    public void Parse_Seconds_ReturnsThem(string value, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfterParser.Parse(Headers(("retry-after", value)), _clock));
    }

    [Fact]
    public void Parse_HttpDate_IsRelativeToTheClock()
    {
        var headers = Headers(("retry-after", "Sun, 01 Mar 2026 12:00:45 GMT"));

        Assert.Equal(TimeSpan.FromSeconds(45), RetryAfterParser.Parse(headers, _clock));
    }

    [Fact]
    public void Parse_HttpDateInThePast_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, RetryAfterParser.Parse("Sun, 01 Mar 2026 11:59:00 GMT", _clock));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e300")]
    public void Parse_MissingOrInvalid_ReturnsNull(string? value)
    {
        Assert.Null(RetryAfterParser.Parse(value, _clock));
    }

    [Fact]
    public void Parse_NegativeMilliseconds_FallsBackToRetryAfter()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), RetryAfterParser.Parse(Headers(("retry-after-ms", "-1"), ("retry-after", "3")), _clock));
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("1e300")]
    public void Parse_UnrepresentableMilliseconds_FallsBackInsteadOfOverflowing(string value)
    {
        Assert.Equal(TimeSpan.FromSeconds(3), RetryAfterParser.Parse(Headers(("retry-after-ms", value), ("retry-after", "3")), _clock));
    }

    [Fact]
    public void Parse_NoHeaders_ReturnsNull()
    {
        Assert.Null(RetryAfterParser.Parse(Headers(), _clock));
    }

    [Theory]
    [InlineData("17s", 17.0)]
    [InlineData("0.5s", 0.5)]
    public void ParseGoogleDuration_Seconds_ReturnsThem(string value, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfterParser.ParseGoogleDuration(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("17")]
    [InlineData("xs")]
    [InlineData("-1s")]
    [InlineData("1e300s")]
    public void ParseGoogleDuration_Invalid_ReturnsNull(string? value)
    {
        Assert.Null(RetryAfterParser.ParseGoogleDuration(value));
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
