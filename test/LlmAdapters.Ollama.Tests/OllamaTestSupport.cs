using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Ollama.Wire;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Ollama;

namespace LlmAdapters.Ollama.Tests;

internal static class Json
{
    public static void Equal(string expected, JsonNode? actual)
    {
        var e = JsonNode.Parse(expected);
        if (!JsonNode.DeepEquals(e, actual))
        {
            Assert.Fail($"JSON differs.\nExpected: {e?.ToJsonString()}\nActual:   {actual?.ToJsonString()}");
        }
    }

    public static JsonNode Of(OllamaChatRequest request) => JsonSerializer.SerializeToNode(request, OllamaJsonContext.Default.OllamaChatRequest)!;

    public static JsonNode Of(OllamaEmbedRequest request) => JsonSerializer.SerializeToNode(request, OllamaJsonContext.Default.OllamaEmbedRequest)!;
}

/// <summary>A running emulator with only the Ollama dialect, and clients pointed at it.</summary>
internal sealed class OllamaHarness : IAsyncDisposable
{
    private OllamaHarness(ProviderEmulator emulator, OllamaDialect dialect)
    {
        Emulator = emulator;
        Dialect = dialect;
    }

    public ProviderEmulator Emulator { get; }

    public OllamaDialect Dialect { get; }

    public static async Task<OllamaHarness> StartAsync(string? expectedKey = null, TimeProvider? clock = null)
    {
        var dialect = new OllamaDialect();
        var options = new ProviderEmulatorOptions { Dialects = [dialect], ExpectedApiKey = expectedKey };
        if (clock is not null)
        {
            options.TimeProvider = clock;
        }

        return new OllamaHarness(await ProviderEmulator.StartAsync(options, TestContext.Current.CancellationToken), dialect);
    }

    public OllamaOptions Options(string model = "llama3.2", string? key = null) => new()
    {
        Endpoint = Emulator.BaseAddress,
        ApiKey = key,
        DefaultModelId = model,
    };

    public OllamaChatClient Client(string model = "llama3.2", string? key = null) => new(Options(model, key));

    public OllamaEmbeddingGenerator Embeddings(string model = "nomic-embed-text") => new(Options(model));

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
