namespace LlmAdapters.Cohere.Tests;

public sealed class CohereErrorsTests
{
    [Fact]
    public void Parse_MessageBody_TakesTheMessage()
    {
        var info = CohereErrors.Parse(400, """{"id":"abc","message":"invalid request: messages must not be empty"}"""u8);

        Assert.Equal("invalid request: messages must not be empty", info.Message);
        Assert.Null(info.Kind);
    }

    [Fact]
    public void Parse_CohereOnlyStatuses_GetTheirOwnKind()
    {
        var invalidToken = CohereErrors.Parse(498, """{"message":"x"}"""u8);
        var cancelled = CohereErrors.Parse(499, """{"message":"x"}"""u8);

        Assert.Equal(("invalid_token", ProviderErrorKind.Authentication), (invalidToken.Type, invalidToken.Kind));
        Assert.Equal(("request_cancelled", ProviderErrorKind.Server), (cancelled.Type, cancelled.Kind));
    }

    [Fact]
    public void Parse_EmptyBody_KeepsTheStatusMeaning()
    {
        var info = CohereErrors.Parse(498, default);

        Assert.Equal(("invalid_token", (string?)null), (info.Type, info.Message));
    }
}
