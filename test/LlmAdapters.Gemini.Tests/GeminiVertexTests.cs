using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using LlmAdapters.Gemini;
using LlmAdapters.Testing;
using LlmAdapters.Testing.Dialects.Gemini;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini.Tests;

/// <summary>Vertex AI with a real service-account flow: a generated RSA key, a signed JWT assertion, a verifying token endpoint.</summary>
public sealed class GeminiVertexTests
{
    private const string Email = "adapter-test@proj-1.iam.gserviceaccount.com";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_ServiceAccount_SendsTokenFromTheVerifyingTokenEndpoint()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var rsa = RSA.Create(2048);
        h.Dialect.RegisterServiceAccount(Email, rsa);
        using var client = new GeminiChatClient(VertexOptions(h, ServiceAccount(h, rsa), "us-central1"));
        h.Emulator.Enqueue(ScriptedReply.Text("from vertex"), ScriptedReply.Text("again"));

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: Ct);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: Ct);

        Assert.Equal("from vertex", response.Text);
        var token = Assert.Single(h.Dialect.IssuedTokens);
        var calls = h.Emulator.Requests.Where(r => r.Path != GeminiDialect.TokenPath).ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, r => Assert.Equal("Bearer " + token, r.Header("authorization")));
        Assert.Equal("/v1/projects/proj-1/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent", calls[0].Path);
        Assert.Null(calls[0].Header("x-goog-api-key"));
        Assert.Equal("gcp.vertex_ai", client.GetService<ChatClientMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentRequests_ShareOneTokenFetch()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var rsa = RSA.Create(2048);
        h.Dialect.RegisterServiceAccount(Email, rsa);
        using var client = new GeminiChatClient(VertexOptions(h, ServiceAccount(h, rsa), "global"));
        h.Emulator.DefaultResponder = _ => ScriptedReply.Text("ok");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: Ct)));

        Assert.Single(h.Dialect.IssuedTokens);
        Assert.Equal(1, h.Emulator.Requests.Count(r => r.Path == GeminiDialect.TokenPath));
        Assert.All(h.Emulator.Requests.Where(r => r.Path != GeminiDialect.TokenPath),
            r => Assert.StartsWith("/v1/projects/proj-1/locations/global/publishers/google/models/", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetResponseAsync_TokenAboutToExpire_IsRefreshedBeforeTheNextRequest()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var rsa = RSA.Create(2048);
        h.Dialect.RegisterServiceAccount(Email, rsa);
        h.Dialect.TokenLifetime = TimeSpan.FromSeconds(60); // inside the refresh margin as soon as it is issued
        using var client = new GeminiChatClient(VertexOptions(h, ServiceAccount(h, rsa), "us-central1"));
        h.Emulator.DefaultResponder = _ => ScriptedReply.Text("ok");

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "1")], cancellationToken: Ct);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "2")], cancellationToken: Ct);

        Assert.Equal(2, h.Dialect.IssuedTokens.Count);
        var calls = h.Emulator.Requests.Where(r => r.Path != GeminiDialect.TokenPath).ToList();
        Assert.Equal("Bearer " + h.Dialect.IssuedTokens[1], calls[1].Header("authorization"));
        Assert.NotEqual(calls[0].Header("authorization"), calls[1].Header("authorization"));
    }

    [Fact]
    public async Task GetResponseAsync_TokenEndpointFails_ThrowsAuthenticationErrorAndSendsNoModelRequest()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var rsa = RSA.Create(2048);
        h.Dialect.RegisterServiceAccount(Email, rsa);
        h.Dialect.FailTokenRequests(1);
        using var client = new GeminiChatClient(VertexOptions(h, ServiceAccount(h, rsa), "us-central1"));

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct));

        Assert.StartsWith("Could not obtain credentials for gcp.vertex_ai", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_grant", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GeminiOptions.Vertex.Credential", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Emulator.Requests, r => r.Path.Contains(":generateContent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetResponseAsync_AssertionSignedWithAnotherKey_IsRejectedByTheTokenEndpoint()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var registered = RSA.Create(2048);
        using var impostor = RSA.Create(2048);
        h.Dialect.RegisterServiceAccount(Email, registered);
        using var client = new GeminiChatClient(VertexOptions(h, ServiceAccount(h, impostor), "us-central1"));

        var ex = await Assert.ThrowsAsync<ProviderAuthenticationException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct));

        Assert.Contains("Invalid JWT Signature", ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Dialect.IssuedTokens);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_VertexChunks_ReadUsageFromTheFinalChunk()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var client = new GeminiChatClient(VertexOptions(h, GoogleCredential.FromAccessToken("static-token"), "europe-west4"));
        h.Emulator.Enqueue(ScriptedReply.Text("one two three four").InChunks(4).WithUsage(11, 4));

        var updates = await GeminiChatClientTests.ReadAllAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct));

        Assert.Equal("one two three four", string.Concat(updates.Select(u => u.Text)));
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        Assert.Equal((11L, 4L), (usage.InputTokenCount!.Value, usage.OutputTokenCount!.Value));
        Assert.NotNull(updates[0].CreatedAt);
        Assert.Equal("Bearer static-token", h.Emulator.LastRequest.Header("authorization"));
    }

    [Fact]
    public async Task GetResponseAsync_CredentialWithQuotaProject_SendsUserProjectHeader()
    {
        await using var h = await GeminiHarness.StartAsync();
        using var rsa = RSA.Create(2048);
        h.Dialect.RegisterServiceAccount(Email, rsa);
        using var client = new GeminiChatClient(VertexOptions(h, ServiceAccount(h, rsa).CreateWithQuotaProject("billing-7"), "us-central1"));
        h.Emulator.Enqueue(ScriptedReply.Text("ok"));

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], cancellationToken: Ct);

        Assert.Equal("billing-7", h.Emulator.LastRequest.Header("x-goog-user-project"));
        Assert.Equal("Bearer " + h.Dialect.IssuedTokens.Single(), h.Emulator.LastRequest.Header("authorization"));
    }

    internal static GeminiOptions VertexOptions(GeminiHarness h, GoogleCredential credential, string location) => new()
    {
        Endpoint = h.Emulator.BaseAddress,
        DefaultModelId = "gemini-2.5-flash",
        Vertex = new GeminiVertexOptions { Project = "proj-1", Location = location, Credential = credential },
    };

    private static GoogleCredential ServiceAccount(GeminiHarness h, RSA key)
    {
        var json = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = "proj-1",
            ["private_key_id"] = "key-1",
            ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = Email,
            ["client_id"] = "1234567890",
            ["token_uri"] = GeminiDialect.TokenUri(h.Emulator).AbsoluteUri,
        }.ToJsonString();
        return CredentialFactory.FromJson<ServiceAccountCredential>(json).ToGoogleCredential();
    }
}
