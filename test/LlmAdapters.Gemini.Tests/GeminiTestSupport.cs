using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Gemini;
using LlmAdapters.Gemini.Wire;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Gemini;

namespace LlmAdapters.Gemini.Tests;

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

    public static JsonNode Of(GeminiRequest request) => JsonSerializer.SerializeToNode(request, GeminiJsonContext.Default.GeminiRequest)!;
}

/// <summary>A running emulator with only the Gemini dialect, and clients pointed at it.</summary>
internal sealed class GeminiHarness : IAsyncDisposable
{
    public const string Key = "AIzaTestKey0123456789abcdefghij";

    private GeminiHarness(ProviderEmulator emulator, GeminiDialect dialect)
    {
        Emulator = emulator;
        Dialect = dialect;
    }

    public ProviderEmulator Emulator { get; }

    /// <summary>A recorded-shape body under <c>TestData/Gemini/</c>.</summary>
    public static string Recording(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Gemini", name));

    public GeminiDialect Dialect { get; }

    public static async Task<GeminiHarness> StartAsync(TimeProvider? clock = null)
    {
        var dialect = new GeminiDialect();
        var options = new ProviderEmulatorOptions { Dialects = [dialect], ExpectedApiKey = Key };
        if (clock is not null)
        {
            options.TimeProvider = clock;
        }

        var emulator = await ProviderEmulator.StartAsync(options, TestContext.Current.CancellationToken);
        return new GeminiHarness(emulator, dialect);
    }

    public GeminiOptions Options(string model = "gemini-2.5-flash") => new()
    {
        Endpoint = Emulator.BaseAddress,
        ApiKey = Key,
        DefaultModelId = model,
    };

    public GeminiChatClient Client(string model = "gemini-2.5-flash") => new(Options(model));

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
