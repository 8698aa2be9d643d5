using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Tests.Factory;

public sealed class OpenAIResponsesProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("openai-responses:gpt-5", "gpt-5")]
    [InlineData("openai-responses", "gpt-5-mini")]
    public void CreateChatClient_OpenAIResponsesSpec_ResolvesToTheResponsesClient(string spec, string model)
    {
        using var client = new LlmClientFactory().CreateChatClient(spec, s => s.ApiKey = "k");

        Assert.IsType<OpenAIResponsesChatClient>(client);
        var metadata = client.GetService<ChatClientMetadata>()!;
        Assert.Equal(("openai", model, new Uri("https://api.openai.com/v1/")), (metadata.ProviderName, metadata.DefaultModelId, metadata.ProviderUri));
    }

    [Fact]
    public void FindProvider_OpenAIResponses_ReportsItsFacts()
    {
        Assert.Equal(
            new LlmProviderInfo("openai-responses", "OpenAI (Responses API)", "openai", "OPENAI_API_KEY", true, "gpt-5-mini", "text-embedding-3-small", true),
            LlmClientFactory.FindProvider("openai-responses"));
    }

    [Fact]
    public async Task AddLlmChatClient_OpenAIResponsesFromConfiguration_PostsToResponses()
    {
        await using var emulator = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { ExpectedApiKey = "config-key" }, Ct);
        emulator.Enqueue(ScriptedReply.Text("from responses"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmAdapters:ChatModel"] = "openai-responses:gpt-5-nano",
            ["LlmAdapters:Providers:openai-responses:ApiKey"] = "config-key",
            ["LlmAdapters:Providers:openai-responses:Endpoint"] = emulator.Url("v1/").ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddLlmChatClient(configuration);
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("from responses", response.Text);
        Assert.Equal("/v1/responses", emulator.LastRequest.Path);
        Assert.Equal("Bearer config-key", emulator.LastRequest.Header("Authorization"));
        Assert.Equal("gpt-5-nano", emulator.LastRequest.Json?["model"]?.GetValue<string>());
    }
}
