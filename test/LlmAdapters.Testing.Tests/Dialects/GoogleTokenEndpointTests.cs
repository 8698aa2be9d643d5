using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LlmAdapters.Testing.Dialects.Gemini;
using LlmAdapters.Testing.Dialects.Google;
using static LlmAdapters.Testing.Tests.EmulatorTestSupport;

namespace LlmAdapters.Testing.Tests.Dialects;

public sealed class GoogleTokenEndpointTests
{
    private const string Email = "svc@project.iam.gserviceaccount.com";
    private const string Scope = "https://www.googleapis.com/auth/cloud-platform";

    [Fact]
    public async Task HandleAsync_SignedAssertion_IssuesAnAccessTokenForTheConfiguredLifetime()
    {
        using var rsa = RSA.Create(2048);
        var endpoint = new GoogleTokenEndpoint { TokenLifetime = TimeSpan.FromMinutes(30) };
        endpoint.RegisterServiceAccount(Email, rsa);
        await using var emulator = await StartEmulatorAsync(o => o.Dialects = [endpoint]);

        var (status, body) = await RequestTokenAsync(emulator, Grant(Assertion(rsa, GoogleTokenEndpoint.TokenUri(emulator).AbsoluteUri)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Assert.Single(endpoint.IssuedTokens), body["access_token"]!.GetValue<string>());
        Assert.StartsWith("ya29.emulator-1-", endpoint.IssuedTokens[0], StringComparison.Ordinal);
        Assert.Equal(1800, body["expires_in"]!.GetValue<int>());
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task HandleAsync_AssertionSignedByAnotherKey_RefusesWithInvalidGrant()
    {
        using var registered = RSA.Create(2048);
        using var other = RSA.Create(2048);
        var endpoint = new GoogleTokenEndpoint();
        endpoint.RegisterServiceAccount(Email, registered);
        await using var emulator = await StartEmulatorAsync(o => o.Dialects = [endpoint]);

        var (status, body) = await RequestTokenAsync(emulator, Grant(Assertion(other, GoogleTokenEndpoint.TokenUri(emulator).AbsoluteUri)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body["error"]!.GetValue<string>());
        Assert.Equal("Invalid JWT Signature.", body["error_description"]!.GetValue<string>());
        Assert.Empty(endpoint.IssuedTokens);
    }

    [Fact]
    public async Task HandleAsync_OtherGrantType_RefusesWithUnsupportedGrantType()
    {
        await using var emulator = await StartEmulatorAsync(o => o.Dialects = [new GoogleTokenEndpoint()]);

        var (status, body) = await RequestTokenAsync(emulator, "grant_type=password&username=a&password=b");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unsupported_grant_type", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailTokenRequests_Two_RefusesExactlyTheNextTwo()
    {
        using var rsa = RSA.Create(2048);
        var endpoint = new GoogleTokenEndpoint();
        endpoint.RegisterServiceAccount(Email, rsa);
        endpoint.FailTokenRequests(2);
        await using var emulator = await StartEmulatorAsync(o => o.Dialects = [endpoint]);
        var grant = Grant(Assertion(rsa, GoogleTokenEndpoint.TokenUri(emulator).AbsoluteUri));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await RequestTokenAsync(emulator, grant)).Status);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task GeminiDialect_VertexPath_AcceptsOnlyTokensItsEndpointIssued()
    {
        using var rsa = RSA.Create(2048);
        var gemini = new GeminiDialect();
        gemini.RegisterServiceAccount(Email, rsa);
        await using var emulator = await StartEmulatorAsync(o => o.Dialects = [gemini]);
        var (_, token) = await RequestTokenAsync(emulator, Grant(Assertion(rsa, GeminiDialect.TokenUri(emulator).AbsoluteUri)));
        var issued = token["access_token"]!.GetValue<string>();
        using var http = new HttpClient();

        var made = await VertexAsync(http, emulator, "ya29.made-up");
        var real = await VertexAsync(http, emulator, issued);

        Assert.Equal(HttpStatusCode.Unauthorized, made);
        Assert.Equal(HttpStatusCode.OK, real);
        Assert.Same(gemini.TokenEndpoint.IssuedTokens[0], gemini.IssuedTokens[0]);
    }

    private static async Task<HttpStatusCode> VertexAsync(HttpClient http, ProviderEmulator emulator, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Url("v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent"))
        {
            Content = new StringContent("""{"contents":[{"role":"user","parts":[{"text":"x"}]}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> RequestTokenAsync(ProviderEmulator emulator, string form)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(
            emulator.Url("token"), new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!);
    }

    private static string Grant(string assertion) =>
        "grant_type=" + Uri.EscapeDataString("urn:ietf:params:oauth:grant-type:jwt-bearer") + "&assertion=" + Uri.EscapeDataString(assertion);

    private static string Assertion(RSA key, string audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("""{"alg":"RS256","typ":"JWT"}""");
        var claims = Base64Url(new JsonObject
        {
            ["iss"] = Email,
            ["scope"] = Scope,
            ["aud"] = audience,
            ["iat"] = now,
            ["exp"] = now + 3600,
        }.ToJsonString());
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + claims), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + claims + "." + Base64Url(signature);
    }

    private static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
