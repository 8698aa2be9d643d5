using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAIPresetsTests
{
    [Fact]
    public async Task ForAzure_ClassicDeploymentUrlWithApiKey_UsesDeploymentPathApiVersionAndApiKeyHeader()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("azure hi"));
        var options = OpenAIOptions.ForAzure(emulator.Url("ignored/path"), "my-gpt4o", ApiKey);
        using var client = new OpenAIChatClient(options);

        var response = await client.GetResponseAsync("x", cancellationToken: Ct);

        var request = emulator.LastRequest;
        Assert.Equal("/openai/deployments/my-gpt4o/chat/completions", request.Path);
        Assert.Equal("?api-version=2024-10-21", request.Query);
        Assert.Equal(ApiKey, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("azure hi", response.Text);
        var metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal("azure.ai.openai", metadata.ProviderName);
        Assert.Equal("my-gpt4o", metadata.DefaultModelId);
    }

    [Fact]
    public async Task ForAzure_V1Api_UsesOpenAIV1PathAndDeploymentAsModel()
    {
        await using var emulator = await StartEmulatorAsync();
        var options = OpenAIOptions.ForAzure(emulator.BaseAddress, "my-deployment", ApiKey, apiVersion: null);
        using var client = new OpenAIChatClient(options);

        await client.GetResponseAsync("x", cancellationToken: Ct);

        var request = emulator.LastRequest;
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.Equal(string.Empty, request.Query);
        Assert.Equal("my-deployment", request.Json!["model"]!.GetValue<string>());
        Assert.Equal(ApiKey, request.Header("api-key"));
    }

    [Fact]
    public async Task ForAzure_TokenCredential_SendsBearerTokenAndRefreshesBeforeExpiry()
    {
        await using var emulator = await StartEmulatorAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var credential = new FakeTokenCredential(clock, TimeSpan.FromHours(1));
        var options = OpenAIOptions.ForAzure(emulator.BaseAddress, "dep", credential);
        options.TimeProvider = clock;
        using var client = new OpenAIChatClient(options);

        await client.GetResponseAsync("a", cancellationToken: Ct);
        await client.GetResponseAsync("b", cancellationToken: Ct);
        var reused = emulator.LastRequest.Header("Authorization");
        clock.Advance(TimeSpan.FromMinutes(56));
        await client.GetResponseAsync("c", cancellationToken: Ct);

        Assert.Equal("Bearer entra-token-1", reused);
        Assert.Equal("Bearer entra-token-2", emulator.LastRequest.Header("Authorization"));
        Assert.Null(emulator.LastRequest.Header("api-key"));
        Assert.Equal(2, credential.Calls);
        Assert.All(credential.Scopes, s => Assert.Equal(["https://cognitiveservices.azure.com/.default"], s));
    }

    [Fact]
    public async Task ForAzure_ContentFilter400_ThrowsContentFilteredException()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(400, """
            {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.","type":null,"param":"prompt","code":"content_filter","status":400,
             "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,"severity":"high"}}}}}
            """));
        using var client = new OpenAIChatClient(OpenAIOptions.ForAzure(emulator.BaseAddress, "dep", ApiKey));

        var ex = await Assert.ThrowsAsync<ContentFilteredException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Equal("content_filter", ex.ProviderErrorCode);
        Assert.Equal("azure.ai.openai", ex.Provider);
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public void ForAzure_NoKey_NamesAzureVariable()
    {
        var ex = Assert.Throws<ProviderConfigurationException>(() =>
            new OpenAIChatClient(OpenAIOptions.ForAzure(new Uri("https://res.openai.azure.com/"), "dep", (string?)null)));

        Assert.Contains("AZURE_OPENAI_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", "https://api.openai.com/v1/", "OPENAI_API_KEY", "openai")]
    [InlineData("groq", "https://api.groq.com/openai/v1/", "GROQ_API_KEY", "groq")]
    [InlineData("openrouter", "https://openrouter.ai/api/v1/", "OPENROUTER_API_KEY", "openrouter")]
    [InlineData("deepseek", "https://api.deepseek.com/v1/", "DEEPSEEK_API_KEY", "deepseek")]
    [InlineData("mistral", "https://api.mistral.ai/v1/", "MISTRAL_API_KEY", "mistral_ai")]
    [InlineData("xai", "https://api.x.ai/v1/", "XAI_API_KEY", "x_ai")]
    [InlineData("together", "https://api.together.xyz/v1/", "TOGETHER_API_KEY", "together_ai")]
    [InlineData("lmstudio", "http://localhost:1234/v1/", null, "lmstudio")]
    [InlineData("ollama", "http://localhost:11434/v1/", null, "ollama")]
    public void Presets_TryGet_HaveEndpointKeyVariableAndProviderName(string name, string endpoint, string? variable, string provider)
    {
        Assert.True(OpenAIPresets.TryGet(name.ToUpperInvariant(), out var preset));

        Assert.Equal(name, preset.Name);
        Assert.Equal(new Uri(endpoint), preset.Endpoint);
        Assert.Equal(variable, preset.ApiKeyEnvironmentVariable);
        Assert.Equal(variable is not null, preset.RequiresApiKey);
        Assert.Equal(provider, preset.ProviderName);
        var options = preset.CreateOptions("m1", "k");
        Assert.Equal(("m1", "k", provider, new Uri(endpoint)), (options.DefaultModelId, options.ApiKey, options.ProviderName, options.Endpoint));
        Assert.Contains(preset, OpenAIPresets.All);
    }

    [Fact]
    public void Presets_All_HasEveryPresetOnceAndTryGetRejectsUnknown()
    {
        Assert.Equal(["openai", "groq", "openrouter", "deepseek", "mistral", "xai", "together", "lmstudio", "ollama"], OpenAIPresets.All.Select(p => p.Name));
        Assert.False(OpenAIPresets.TryGet("nope", out _));
    }

    [Fact]
    public async Task Presets_OpenRouterAttributionHeaders_AreSent()
    {
        await using var emulator = await StartEmulatorAsync();
        var options = OpenAIPresets.OpenRouter.CreateOptions(apiKey: ApiKey);
        options.Endpoint = emulator.Url("api/v1/");
        options.HttpReferer = "https://myapp.example";
        options.AppTitle = "My App";
        options.Organization = "org-1";
        options.Project = "proj-1";
        using var client = new OpenAIChatClient(options);

        await client.GetResponseAsync("x", cancellationToken: Ct);

        var request = emulator.LastRequest;
        Assert.Equal("/api/v1/chat/completions", request.Path);
        Assert.Equal("https://myapp.example", request.Header("HTTP-Referer"));
        Assert.Equal("My App", request.Header("X-Title"));
        Assert.Equal("org-1", request.Header("OpenAI-Organization"));
        Assert.Equal("proj-1", request.Header("OpenAI-Project"));
        Assert.Equal("openai/gpt-4.1-mini", request.Json!["model"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("lmstudio")]
    [InlineData("ollama")]
    public async Task Presets_LocalServers_NeedNoKeyAndSendNoAuthorization(string name)
    {
        await using var emulator = await StartEmulatorAsync(o => o.RequireAuthentication = false);
        Assert.True(OpenAIPresets.TryGet(name, out var preset));
        var options = preset.CreateOptions();
        options.Endpoint = emulator.Url("v1/");
        using var client = new OpenAIChatClient(options);

        var response = await client.GetResponseAsync("x", cancellationToken: Ct);

        Assert.Null(emulator.LastRequest.Header("Authorization"));
        Assert.Equal("/v1/chat/completions", emulator.LastRequest.Path);
        Assert.NotEmpty(response.Text);
    }

    [Fact]
    public async Task Presets_GroqThroughHttp_UsesGroqPathAndProviderInErrors()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Error(401, message: "Invalid API Key"));
        var options = OpenAIPresets.Groq.CreateOptions(apiKey: ApiKey);
        options.Endpoint = emulator.Url("openai/v1/");
        using var client = new OpenAIChatClient(options);

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Equal("/openai/v1/chat/completions", emulator.LastRequest.Path);
        Assert.Equal("groq", ex.Provider);
    }
}
