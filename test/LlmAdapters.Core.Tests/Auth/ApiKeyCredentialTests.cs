namespace LlmAdapters.Core.Tests.Auth;

public sealed class ApiKeyCredentialTests
{
    [Fact]
    public async Task ApplyAsync_Defaults_SetsBearerAuthorization()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost/");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer stale");

        await new ApiKeyCredential("sk-abc").ApplyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("Bearer sk-abc", Assert.Single(request.Headers.GetValues("Authorization")));
    }

    [Fact]
    public async Task ApplyAsync_CustomHeaderWithoutScheme_SendsBareKey()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost/");

        await new ApiKeyCredential("k-123", "x-api-key", scheme: null).ApplyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("k-123", Assert.Single(request.Headers.GetValues("x-api-key")));
        Assert.False(request.Headers.Contains("Authorization"));
    }

    [Fact]
    public void ToStringAndDescription_NeverShowTheKey()
    {
        var credential = new ApiKeyCredential("sk-very-secret-key", description: "TestOptions.ApiKey");

        Assert.Equal("ApiKeyCredential(Authorization)", credential.ToString());
        Assert.Equal("TestOptions.ApiKey", credential.Description);
        Assert.Equal(["sk-very-secret-key"], credential.GetSecrets());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Constructor_BlankKey_ThrowsNamingTheParameter(string key)
    {
        Assert.Equal("key", Assert.Throws<ArgumentException>(() => new ApiKeyCredential(key)).ParamName);
    }
}
