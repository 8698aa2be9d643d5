using System.Net;
using System.Text.Json.Nodes;
using static LlmAdapters.Testing.Tests.EmulatorTestSupport;

namespace LlmAdapters.Testing.Tests;

/// <summary>The template's first room: each dialect checks its provider's credential header and answers in its provider's words.</summary>
public sealed class ProviderDialectAuthenticationTests
{
    [Theory]
    [InlineData("openai", 401, "/error/type", "invalid_request_error")]
    [InlineData("openai-responses", 401, "/error/type", "invalid_request_error")]
    [InlineData("anthropic", 401, "/error/type", "authentication_error")]
    [InlineData("gemini", 403, "/error/status", "PERMISSION_DENIED")]
    [InlineData("cohere", 401, "/message", "no api key supplied")]
    [InlineData("ollama", 401, "/error", "unauthorized")]
    public async Task HandleAsync_NoCredentials_RejectsWithTheProvidersAuthError(string dialect, int status, string pointer, string expected)
    {
        await using var emulator = await StartEmulatorAsync(o => o.ExpectedApiKey = Key);
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, DialectCall.All[dialect], stream: false, withCredentials: false);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(expected, At(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)), pointer));
    }

    [Theory]
    [InlineData("openai", 401, "/error/code", "invalid_api_key")]
    [InlineData("openai-responses", 401, "/error/code", "invalid_api_key")]
    [InlineData("anthropic", 401, "/error/message", "invalid x-api-key")]
    [InlineData("gemini", 400, "/error/details/0/reason", "API_KEY_INVALID")]
    [InlineData("cohere", 401, "/message", "invalid api token")]
    [InlineData("ollama", 401, "/error", "unauthorized")]
    public async Task HandleAsync_WrongKey_RejectsWithTheProvidersAuthError(string dialect, int status, string pointer, string expected)
    {
        await using var emulator = await StartEmulatorAsync(o => o.ExpectedApiKey = Key);
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, DialectCall.All[dialect], stream: false, key: "not-the-key");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(expected, At(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)), pointer));
    }

    [Theory]
    [MemberData(nameof(DialectCall.Names), MemberType = typeof(DialectCall))]
    public async Task HandleAsync_Rejected_LeavesTheScriptedReplyForTheNextRequest(string dialect)
    {
        var call = DialectCall.All[dialect];
        await using var emulator = await StartEmulatorAsync(o => o.ExpectedApiKey = Key);
        emulator.Enqueue(ScriptedReply.Text("kept for later"));
        using var http = new HttpClient();

        using var rejected = await SendAsync(http, emulator, call, stream: false, withCredentials: false);
        using var accepted = await SendAsync(http, emulator, call, stream: false);

        Assert.NotEqual(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("kept for later", await accepted.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DialectCall.Names), MemberType = typeof(DialectCall))]
    public async Task HandleAsync_AuthenticationNotRequired_AnswersWithoutCredentials(string dialect)
    {
        await using var emulator = await StartEmulatorAsync(o => o.RequireAuthentication = false);
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, DialectCall.All[dialect], stream: false, withCredentials: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_VertexPathWithoutBearer_RejectsAsGoogleDoes()
    {
        await using var emulator = await StartEmulatorAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(
            emulator.Url("v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent"),
            new StringContent("""{"contents":[{"role":"user","parts":[{"text":"x"}]}]}"""),
            Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHENTICATED", At(body, "/error/status"));
        Assert.Equal("ACCESS_TOKEN_TYPE_UNSUPPORTED", At(body, "/error/details/0/reason"));
    }

    private static string? At(JsonNode? node, string pointer)
    {
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = int.TryParse(segment, out var index) ? node?[index] : node?[segment];
        }

        return node?.GetValue<string>();
    }
}
