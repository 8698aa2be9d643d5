using System.Net;
using System.Net.Sockets;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Ollama;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests;

public sealed class OllamaChatClientErrorTests
{
    private static readonly ChatMessage[] Hi = [new(ChatRole.User, "Hi")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnyPath_ModelNotPulled_ThrowsModelNotFoundSayingToPullIt(bool streaming)
    {
        await using var harness = await OllamaHarness.StartAsync();
        harness.Dialect.InstalledModels = ["qwen3:8b"];
        using var client = harness.Client("llama3.2");

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => Call(client, streaming));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("ollama", ex.Provider);
        Assert.Contains("Run `ollama pull llama3.2`", ex.Message, StringComparison.Ordinal);
        Assert.Contains(harness.Emulator.BaseAddress.GetLeftPart(UriPartial.Authority), ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsRetryable);
        Assert.Contains("try pulling it first", Assert.IsType<ModelNotFoundException>(ex.InnerException).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnyPath_NothingListening_ThrowsNetworkErrorSayingOllamaIsNotRunning(bool streaming)
    {
        var port = ClosedPort();
        using var client = new OllamaChatClient(new OllamaOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/"), DefaultModelId = "llama3.2" });

        var ex = await Assert.ThrowsAsync<ProviderNetworkException>(() => Call(client, streaming));

        Assert.Equal($"Ollama is not running at http://127.0.0.1:{port}: the connection was refused. Start it with `ollama serve` (or open the Ollama app), or point OLLAMA_HOST or OllamaOptions.Endpoint at the machine where it runs.", ex.Message);
        Assert.True(ex.IsRetryable);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task GetResponseAsync_ModelCannotThink_ThrowsInvalidRequestWithTheServersWords()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        harness.Emulator.Enqueue(ScriptedReply.Error(400, message: "\"llama3.2\" does not support thinking"));

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync(Hi, new ChatOptions { Reasoning = new() { Effort = ReasoningEffort.Low } }, Ct));

        Assert.Contains("\"llama3.2\" does not support thinking", ex.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
    }

    [Theory]
    [InlineData(503, typeof(ProviderOverloadedException), true)]
    [InlineData(500, typeof(ProviderServerException), true)]
    [InlineData(502, typeof(ProviderServerException), true)]
    [InlineData(403, typeof(ProviderPermissionException), false)]
    [InlineData(429, typeof(RateLimitedException), true)]
    public async Task GetResponseAsync_ErrorStatus_ThrowsTheMappedException(int status, Type expected, bool retryable)
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        harness.Emulator.Enqueue(ScriptedReply.Error(status));

        var ex = await Assert.ThrowsAnyAsync<ProviderException>(() => client.GetResponseAsync(Hi, cancellationToken: Ct));

        Assert.IsType(expected, ex);
        Assert.Equal(retryable, ex.IsRetryable);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
    }

    [Fact]
    public async Task GetResponseAsync_GatewayHtmlPage_ThrowsServerErrorSayingSoWithoutThePage()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        harness.Emulator.Enqueue(ScriptedReply.Html(502));

        var ex = await Assert.ThrowsAsync<ProviderServerException>(() => client.GetResponseAsync(Hi, cancellationToken: Ct));

        Assert.Contains("not a ollama error object (text/html", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<html>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorLineAfterText_KeepsTheTextThenThrowsStreamInterrupted()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        var reply = ScriptedReply.Text("One two three four.").InChunks(4).WithProperty(OllamaDialect.StreamErrorAfterProperty, 2);
        reply.ErrorMessage = "an error was encountered while running the model: CUDA error";
        harness.Emulator.Enqueue(reply);
        var updates = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hi, cancellationToken: Ct))
            {
                updates.Add(update);
            }
        });

        Assert.Equal("One two th", string.Concat(updates.Select(u => u.Text)));
        Assert.Contains("CUDA error", ex.Message, StringComparison.Ordinal);
        Assert.Equal("ollama", ex.Provider);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EndsWithoutTheDoneLine_ThrowsStreamInterruptedNamingIt()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        harness.Emulator.Enqueue(new ScriptedReply { OmitStreamTerminator = true }.WithText("Cut short").InChunks(2));
        var text = string.Empty;

        var ex = await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hi, cancellationToken: Ct))
            {
                text += update.Text;
            }
        });

        Assert.Equal("Cut short", text);
        Assert.Contains("the line with \"done\": true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_GarbledLine_ThrowsStreamInterrupted()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        harness.Emulator.Enqueue(ScriptedReply.Text("abcdef").InChunks(3).GarbleChunk(1));
        var text = string.Empty;

        await Assert.ThrowsAsync<StreamInterruptedException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Hi, cancellationToken: Ct))
            {
                text += update.Text;
            }
        });

        Assert.Equal("ab", text);
    }

    [Fact]
    public async Task GetResponseAsync_MalformedBody_ThrowsProviderResponseException()
    {
        await using var harness = await OllamaHarness.StartAsync();
        using var client = harness.Client();
        harness.Emulator.Enqueue(ScriptedReply.Raw(200, "{\"model\":"));

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => client.GetResponseAsync(Hi, cancellationToken: Ct));

        Assert.False(ex.IsRetryable);
        Assert.Contains("returned a response body that is not", ex.Message, StringComparison.Ordinal);
    }

    private static async Task Call(IChatClient client, bool streaming)
    {
        if (!streaming)
        {
            await client.GetResponseAsync(Hi, cancellationToken: Ct);
            return;
        }

        await foreach (var update in client.GetStreamingResponseAsync(Hi, cancellationToken: Ct))
        {
        }
    }

    /// <summary>A port nothing listens on: bound, read, then released.</summary>
    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
