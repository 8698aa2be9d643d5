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

/// <summary>A read-only stream that hands out at most <c>chunk</c> bytes per read.</summary>
internal sealed class TrickleStream(byte[] bytes, int chunk) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => bytes.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(Math.Min(count, chunk), bytes.Length - _position);
        Array.Copy(bytes, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = Math.Min(Math.Min(buffer.Length, chunk), bytes.Length - _position);
        bytes.AsSpan(_position, n).CopyTo(buffer.Span);
        _position += n;
        return ValueTask.FromResult(n);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
