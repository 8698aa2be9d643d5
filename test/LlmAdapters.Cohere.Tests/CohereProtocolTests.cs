using Microsoft.Extensions.AI;
using LlmAdapters.Testing;
using static LlmAdapters.Cohere.Tests.TestSupport.CohereTestSupport;

namespace LlmAdapters.Cohere.Tests;

/// <summary>Key resolution and endpoints. The only tests that touch the process environment, kept in one class so they run
/// one after another.</summary>
public sealed class CohereProtocolTests : IDisposable
{
    private readonly string? _cohereKey = Environment.GetEnvironmentVariable(CohereConstants.ApiKeyEnvironmentVariable);
    private readonly string? _coKey = Environment.GetEnvironmentVariable(CohereConstants.AlternateApiKeyEnvironmentVariable);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(CohereConstants.ApiKeyEnvironmentVariable, _cohereKey);
        Environment.SetEnvironmentVariable(CohereConstants.AlternateApiKeyEnvironmentVariable, _coKey);
    }

    [Fact]
    public void Create_NoKeyAnywhere_ThrowsConfigurationNamingBothVariables()
    {
        SetEnvironment(null, null);

        var ex = Assert.Throws<ProviderConfigurationException>(() => new CohereChatClient(new CohereOptions()));

        Assert.Contains("COHERE_API_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CO_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_KeyOrder_OptionsThenCohereApiKeyThenCoApiKey()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        SetEnvironment("from-cohere-variable", "from-co-variable");

        Assert.Equal("Bearer from-options", await SentAuthorization(emulator, "from-options"));
        Assert.Equal("Bearer from-cohere-variable", await SentAuthorization(emulator, null));
        SetEnvironment(null, "from-co-variable");
        Assert.Equal("Bearer from-co-variable", await SentAuthorization(emulator, null));
    }

    [Fact]
    public void Create_EndpointWithoutTrailingSlash_KeepsItsPath()
    {
        using var protocol = CohereProtocol.Create(new CohereOptions { ApiKey = Key, Endpoint = new Uri("https://gateway.example/cohere") });

        Assert.Equal(new Uri("https://gateway.example/cohere/v2/chat"), protocol.ChatUri);
        Assert.Equal(new Uri("https://gateway.example/cohere/v2/embed"), protocol.EmbedUri);
    }

    [Fact]
    public void Options_Defaults_AreThePublicEndpointAndNoModel()
    {
        var options = new CohereOptions();

        Assert.Equal(new Uri("https://api.cohere.com/"), options.Endpoint);
        Assert.Null(options.DefaultModelId);
        Assert.Equal(64L * 1024 * 1024, options.MaxResponseBytes);
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }

    private static async Task<string?> SentAuthorization(ProviderEmulator emulator, string? key)
    {
        emulator.Enqueue(ScriptedReply.Text("ok"));
        using var client = new CohereChatClient(new CohereOptions { Endpoint = emulator.BaseAddress, ApiKey = key, DefaultModelId = Model });
        await client.GetResponseAsync("hi", null, Ct);
        return emulator.LastRequest.Header("Authorization");
    }

    private static void SetEnvironment(string? cohere, string? co)
    {
        Environment.SetEnvironmentVariable(CohereConstants.ApiKeyEnvironmentVariable, cohere);
        Environment.SetEnvironmentVariable(CohereConstants.AlternateApiKeyEnvironmentVariable, co);
    }
}
