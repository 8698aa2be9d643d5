using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Testing.Dialects.Google;

/// <summary>
/// The OAuth 2.0 token endpoint of a Google service account (JWT bearer grant): verifies the assertion's RS256 signature
/// against the registered public key, its audience (this endpoint), scope and lifetime, and issues access tokens that the
/// Vertex AI paths then require. The Gemini dialect serves one at <see cref="Path"/>; on its own it is a dialect like any other.
/// </summary>
public sealed class GoogleTokenEndpoint : EmulatorDialect
{
    /// <summary>The path of the token endpoint.</summary>
    public const string Path = "/token";

    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";
    private readonly ConcurrentDictionary<string, RSA> _serviceAccounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _issuedTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _tokenLog = new();
    private int _tokenCounter;
    private int _tokenFailures;

    /// <summary>Gets or sets the lifetime of issued access tokens (<c>expires_in</c>). <value>The default is one hour.</value></summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets the access tokens issued so far, in order.</summary>
    public IReadOnlyList<string> IssuedTokens => _tokenLog.ToArray();

    /// <summary>Gets or sets the scope the token endpoint requires. <value>The default is cloud-platform.</value></summary>
    public string RequiredScope { get; set; } = "https://www.googleapis.com/auth/cloud-platform";

    /// <inheritdoc />
    public override string Name => "google-token";

    /// <summary>Returns the token endpoint URL to put in a service-account JSON's <c>token_uri</c>.</summary>
    /// <param name="emulator">The running emulator.</param>
    /// <returns>The URL.</returns>
    public static Uri TokenUri(ProviderEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return emulator.Url(Path.TrimStart('/'));
    }

    /// <inheritdoc />
    public override bool CanHandle(CapturedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method == "POST" && request.Path == Path;
    }

    /// <inheritdoc />
    public override Task HandleAsync(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return HandleTokenAsync(exchange);
    }

    /// <summary>Registers a service account whose JWT assertions the token endpoint accepts.</summary>
    /// <param name="clientEmail">The account's <c>client_email</c> (the assertion's <c>iss</c>).</param>
    /// <param name="publicKey">The account's public key.</param>
    public void RegisterServiceAccount(string clientEmail, RSA publicKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientEmail);
        ArgumentNullException.ThrowIfNull(publicKey);
        _serviceAccounts[clientEmail] = publicKey;
    }

    /// <summary>Makes the next <paramref name="count"/> token requests fail with <c>invalid_grant</c>.</summary>
    /// <param name="count">How many requests fail.</param>
    public void FailTokenRequests(int count) => Interlocked.Exchange(ref _tokenFailures, count);

    /// <summary>Returns whether a bearer token may call the Vertex AI paths.</summary>
    internal bool IsAcceptedToken(string token)
    {
        // Without registered accounts any bearer passes (callers bring their own tokens); with them only tokens issued here do.
        if (_serviceAccounts.IsEmpty)
        {
            return true;
        }

        return _issuedTokens.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow;
    }

    private async Task HandleTokenAsync(EmulatorExchange exchange)
    {
        if (Interlocked.Decrement(ref _tokenFailures) >= 0)
        {
            await TokenErrorAsync(exchange, "invalid_grant", "The token endpoint was scripted to refuse this request.").ConfigureAwait(false);
            return;
        }

        Interlocked.Exchange(ref _tokenFailures, 0);
        var form = exchange.Request.Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty, StringComparer.Ordinal);
        if (!form.TryGetValue("grant_type", out var grant) || grant != JwtBearerGrant || !form.TryGetValue("assertion", out var assertion))
        {
            await TokenErrorAsync(exchange, "unsupported_grant_type", "Only the JWT bearer grant is supported.").ConfigureAwait(false);
            return;
        }

        if (Verify(assertion, TokenUri(exchange.Emulator)) is { } problem)
        {
            await TokenErrorAsync(exchange, "invalid_grant", problem).ConfigureAwait(false);
            return;
        }

        var token = "ya29.emulator-" + Interlocked.Increment(ref _tokenCounter).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..12];
        _issuedTokens[token] = DateTimeOffset.UtcNow + TokenLifetime;
        _tokenLog.Enqueue(token);
        var body = new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        };
        await exchange.WriteJsonAsync(200, body.ToJsonString()).ConfigureAwait(false);
    }

    /// <summary>Checks an RS256 JWT assertion; returns what is wrong, or null when it is valid.</summary>
    private string? Verify(string assertion, Uri audience)
    {
        var segments = assertion.Split('.');
        if (segments.Length != 3)
        {
            return "The assertion is not a JWT.";
        }

        JsonObject? header;
        JsonObject? claims;
        try
        {
            header = JsonNode.Parse(Base64UrlDecode(segments[0])) as JsonObject;
            claims = JsonNode.Parse(Base64UrlDecode(segments[1])) as JsonObject;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            return "The assertion is not a well-formed JWT.";
        }

        if (header?["alg"]?.GetValue<string>() != "RS256")
        {
            return "Invalid JWT: the signing algorithm must be RS256.";
        }

        var issuer = claims?["iss"]?.GetValue<string>();
        if (issuer is null || !_serviceAccounts.TryGetValue(issuer, out var key))
        {
            return "Invalid JWT: the issuer is not a registered service account.";
        }

        var signed = Encoding.ASCII.GetBytes(segments[0] + "." + segments[1]);
        if (!key.VerifyData(signed, Base64UrlDecode(segments[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "Invalid JWT Signature.";
        }

        var aud = claims!["aud"]?.GetValue<string>();
        // Google's libraries address the assertion to Google's token URL even when token_uri points elsewhere.
        if (aud is null || !(Same(aud, audience.AbsoluteUri) || Same(aud, GoogleTokenAudience)))
        {
            return $"Invalid JWT: the audience '{aud}' must be {audience.AbsoluteUri} or {GoogleTokenAudience}.";
        }

        var scope = claims["scope"]?.GetValue<string>() ?? string.Empty;
        if (!scope.Split(' ').Contains(RequiredScope, StringComparer.Ordinal))
        {
            return $"Invalid JWT: the scope must include {RequiredScope}.";
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var exp = claims["exp"]?.GetValue<long>() ?? 0;
        var iat = claims["iat"]?.GetValue<long>() ?? 0;
        if (exp < now - 300 || iat > now + 300 || exp - iat > 3600)
        {
            return "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.";
        }

        return null;
    }

    private static bool Same(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.Ordinal);

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        return Convert.FromBase64String(s);
    }

    private static Task TokenErrorAsync(EmulatorExchange exchange, string error, string description) =>
        exchange.WriteJsonAsync(400, new JsonObject { ["error"] = error, ["error_description"] = description }.ToJsonString());
}
