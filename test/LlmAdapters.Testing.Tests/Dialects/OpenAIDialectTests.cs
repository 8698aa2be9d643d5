using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmAdapters.Testing.Dialects.OpenAI;

using static LlmAdapters.Testing.Tests.EmulatorTestSupport;

namespace LlmAdapters.Testing.Tests.Dialects;

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
}
