namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAIOptionsTests
{
    [Fact]
    public void Defaults_TargetOpenAIWithItsKeyVariable()
    {
        var options = new OpenAIOptions();

        Assert.Equal(new Uri("https://api.openai.com/v1/"), options.Endpoint);
        Assert.Equal("OPENAI_API_KEY", options.ApiKeyEnvironmentVariable);
        Assert.Equal("openai", options.ProviderName);
        Assert.True(options.RequiresApiKey);
        Assert.False(options.Compatibility.UseMaxTokens);
        Assert.False(options.IsAzure);
    }

    [Fact]
    public void Clone_CopiesHeadersAndCompatibilityIndependently()
    {
        var options = new OpenAIOptions { ApiKey = "k" };
        options.Headers["X-A"] = "1";

        var copy = options.Clone();
        copy.Headers["X-B"] = "2";
        copy.Compatibility.UseMaxTokens = true;

        Assert.Equal("k", copy.ApiKey);
        Assert.Equal(["X-A"], options.Headers.Keys);
        Assert.False(options.Compatibility.UseMaxTokens);
    }

    [Fact]
    public void ForAzure_BuildsClassicAndV1Endpoints()
    {
        var classic = OpenAIOptions.ForAzure(new Uri("https://res.openai.azure.com/some/path"), "dep", "k");
        var v1 = OpenAIOptions.ForAzure(new Uri("https://res.openai.azure.com/"), "dep", "k", apiVersion: null);

        Assert.Equal(new Uri("https://res.openai.azure.com/openai/"), classic.Endpoint);
        Assert.Equal("2024-10-21", classic.AzureApiVersion);
        Assert.Equal(new Uri("https://res.openai.azure.com/openai/v1/"), v1.Endpoint);
        Assert.Null(v1.AzureApiVersion);
        Assert.All(new[] { classic, v1 }, o =>
        {
            Assert.True(o.IsAzure);
            Assert.True(o.UseApiKeyHeader);
            Assert.Equal("azure.ai.openai", o.ProviderName);
            Assert.Equal("AZURE_OPENAI_API_KEY", o.ApiKeyEnvironmentVariable);
        });
    }

    [Fact]
    public void ForAzure_NullArguments_NameTheParameter()
    {
        Assert.Equal("resource", Assert.Throws<ArgumentNullException>(() => OpenAIOptions.ForAzure(null!, "d", "k")).ParamName);
        Assert.Equal("deployment", Assert.ThrowsAny<ArgumentException>(() => OpenAIOptions.ForAzure(new Uri("https://r/"), " ", "k")).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new OpenAIChatClient(null!)).ParamName);
    }
}
