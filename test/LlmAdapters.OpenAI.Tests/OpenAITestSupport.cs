using System.Text.Json.Nodes;
using Azure.Core;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;

namespace LlmAdapters.OpenAI.Tests;

internal static class OpenAITestSupport
{
    public const string ApiKey = "sk-test-SECRETKEY-0123456789abcdef";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<ProviderEmulator> StartEmulatorAsync(Action<ProviderEmulatorOptions>? configure = null)
    {
        var options = new ProviderEmulatorOptions();
        configure?.Invoke(options);
        return ProviderEmulator.StartAsync(options, Ct);
    }

    public static OpenAIOptions Options(ProviderEmulator emulator, string path = "v1/", Action<OpenAIOptions>? configure = null)
    {
        var options = new OpenAIOptions { Endpoint = emulator.Url(path), ApiKey = ApiKey, DefaultModelId = "gpt-4.1-mini" };
        configure?.Invoke(options);
        return options;
    }

    public static OpenAIChatClient Client(ProviderEmulator emulator, Action<OpenAIOptions>? configure = null) =>
        new(Options(emulator, configure: configure));

    public static void AssertJsonEqual(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual), $"Expected:\n{expectedNode?.ToJsonString()}\nActual:\n{actual?.ToJsonString()}");
    }
}

/// <summary>A clock the tests move by hand.</summary>
/// <summary>A TokenCredential that hands out numbered tokens with a fixed lifetime and counts the calls.</summary>
internal sealed class FakeTokenCredential(TimeProvider clock, TimeSpan lifetime) : TokenCredential
{
    private int _calls;

    public int Calls => _calls;

    public List<string[]> Scopes { get; } = [];

    public override Azure.Core.AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _calls);
        lock (Scopes)
        {
            Scopes.Add(requestContext.Scopes);
        }

        return ValueTask.FromResult(new Azure.Core.AccessToken($"entra-token-{n}", clock.GetUtcNow() + lifetime));
    }
}
