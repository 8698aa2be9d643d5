using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.OpenAI;
using Microsoft.Extensions.AI;
using static LlmAdapters.OpenAI.Tests.TestSupport;

namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAIDialectTests
{
    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(ProviderEmulator emulator, HttpMethod method, string path, string? body, string? auth = "Bearer k")
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, emulator.Url(path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (auth is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", auth);
        }

        using var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) : null);
    }

    [Fact]
    public async Task ChatCompletions_NoCredentials_Returns401WithOpenAIErrorBody()
    {
        await using var emulator = await StartEmulatorAsync();

        var (status, body) = await SendAsync(emulator, HttpMethod.Post, "v1/chat/completions", """{"model":"m","messages":[]}""", auth: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_request_error", body!["error"]!["type"]!.GetValue<string>());
        Assert.Contains("API key", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_MalformedJson_Returns400()
    {
        await using var emulator = await StartEmulatorAsync();

        var (status, body) = await SendAsync(emulator, HttpMethod.Post, "v1/chat/completions", "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body!["error"]!["message"]);
    }

    [Fact]
    public async Task DeploymentUrl_WithoutApiVersion_Returns404AndWithoutModelIsAccepted()
    {
        await using var emulator = await StartEmulatorAsync();

        var (missingVersion, _) = await SendAsync(emulator, HttpMethod.Post, "openai/deployments/d1/chat/completions", """{"messages":[]}""");
        var (ok, body) = await SendAsync(emulator, HttpMethod.Post, "openai/deployments/d1/chat/completions?api-version=2024-10-21", """{"messages":[]}""");

        Assert.Equal(HttpStatusCode.NotFound, missingVersion);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("d1", body!["model"]!.GetValue<string>());
        Assert.Equal("chat.completion", body["object"]!.GetValue<string>());
    }

    [Fact]
    public async Task Models_Get_ListsScriptedIds()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(new ScriptedReply().WithProperty(OpenAIDialect.ModelsKey, new[] { "gpt-a", "gpt-b" }));

        var (status, body) = await SendAsync(emulator, HttpMethod.Get, "v1/models", null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["gpt-a", "gpt-b"], body!["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Stream_WithoutIncludeUsage_SendsNoUsageChunk()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("hi").WithUsage(1, 1));
        using var client = new OpenAIChatClient(Options(emulator, configure: o => o.Compatibility.SendStreamOptions = false));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.Empty(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal("hi", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task GetResponseAsync_BodyNotACompletion_ThrowsProviderResponseException()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, "[1,2,3]"));
        using var client = Client(emulator);

        var ex = await Assert.ThrowsAsync<ProviderResponseException>(() => client.GetResponseAsync("x", cancellationToken: Ct));

        Assert.Contains("not a chat completion", ex.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
    }

    [Fact]
    public async Task ForAzure_ClassicStreaming_ToleratesPromptFilterChunk()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("streamed").InChunks(3).WithProperty(OpenAIDialect.PromptFilterChunkKey, true).WithUsage(4, 2));
        using var client = new OpenAIChatClient(OpenAIOptions.ForAzure(emulator.BaseAddress, "dep", ApiKey, "2025-04-01-preview"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        Assert.Equal("?api-version=2025-04-01-preview", emulator.LastRequest.Query);
        Assert.Equal("streamed", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(6, Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details.TotalTokenCount);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ServerAnswersWithWholeJson_YieldsItAsUpdates()
    {
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Raw(200, """
            {"id":"chatcmpl-w","object":"chat.completion","created":1,"model":"local","choices":[{"index":0,"message":{"role":"assistant","content":"whole answer"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}
            """).WithHeader("x-request-id", "req_w"));
        using var client = Client(emulator);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal("whole answer", response.Text);
        Assert.Equal(5, response.Usage!.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("req_w", updates[0].AdditionalProperties![AdditionalPropertyKeys.RequestId]);
    }
}
