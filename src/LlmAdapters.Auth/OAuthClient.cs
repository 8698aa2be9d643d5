using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Auth.Wire;

namespace LlmAdapters.Auth;

/// <summary>
/// The token-endpoint side of OAuth 2.0 for one profile: form posts (RFC 6749 §4.1.3, §6; RFC 8628 §3.4; RFC 7009 §2.1) and
/// their JSON answers. Every server-controlled string passes the redactor with the secrets of the request before it reaches
/// an exception.
/// </summary>
internal sealed partial class OAuthClient
{
    // An authorization server's answer is a few hundred bytes; anything this large is not one.
    private const int MaxResponseBytes = 256 * 1024;

    private readonly OAuthProfile _profile;
    private readonly string _profileName;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public OAuthClient(OAuthProfile profile, string profileName, HttpClient http, TimeProvider time)
    {
        _profile = Throw.IfNull(profile);
        _profileName = Throw.IfNullOrWhiteSpace(profileName);
        _profile.Validate(profileName);
        _http = Throw.IfNull(http);
        _time = Throw.IfNull(time);
    }

    public OAuthProfile Profile => _profile;

    public string ProfileName => _profileName;

    private Uri TokenEndpoint => _profile.TokenEndpoint!;

    private string ClientId => _profile.ClientId!;

    private string? Scope => _profile.Scopes.Count == 0 ? null : string.Join(' ', _profile.Scopes);

    /// <summary>Exchanges an authorization code (RFC 6749 §4.1.3 with the PKCE verifier of RFC 7636 §4.5).</summary>
    public async Task<OAuthTokens> ExchangeCodeAsync(string code, string verifier, Uri redirectUri, CancellationToken cancellationToken)
    {
        var answer = await PostAsync(TokenEndpoint, [
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", redirectUri.AbsoluteUri),
            new("client_id", ClientId),
            new("code_verifier", verifier),
        ], cancellationToken).ConfigureAwait(false);
        return ToTokens(answer, "authorization code exchange", [code, verifier], previousRefreshToken: null);
    }

    /// <summary>Uses a refresh token (RFC 6749 §6). A rejected refresh token means the user must sign in again.</summary>
    public async Task<OAuthTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
            new("client_id", ClientId),
        };
        var answer = await PostAsync(TokenEndpoint, fields, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess && answer.Error?.Error is "invalid_grant")
        {
            throw new OAuthSignInRequiredException(
                $"The authorization server no longer accepts the stored refresh token of the OAuth profile '{_profileName}' (invalid_grant): sign in again, for example with 'llmadapters login'.",
                new OAuthException(Describe(answer, "refresh", [refreshToken]), answer.Error.Error, answer.StatusCode));
        }

        return ToTokens(answer, "refresh", [refreshToken], previousRefreshToken: refreshToken);
    }

    /// <summary>Revokes a token (RFC 7009 §2.1). Returns false when the profile has no revocation endpoint.</summary>
    public async Task<bool> RevokeAsync(string token, string tokenTypeHint, CancellationToken cancellationToken)
    {
        if (_profile.RevocationEndpoint is not { } endpoint)
        {
            return false;
        }

        var answer = await PostAsync(endpoint, [
            new("token", token),
            new("token_type_hint", tokenTypeHint),
            new("client_id", ClientId),
        ], cancellationToken).ConfigureAwait(false);

        // RFC 7009 §2.2: 200 for revoked and for tokens the server does not know alike.
        return answer.IsSuccess
            ? true
            : throw new OAuthException(Describe(answer, "revocation", [token]), answer.Error?.Error, answer.StatusCode);
    }

    private OAuthTokens ToTokens(FormAnswer answer, string what, string?[] secrets, string? previousRefreshToken)
    {
        if (!answer.IsSuccess)
        {
            throw new OAuthException(Describe(answer, what, secrets), answer.Error?.Error, answer.StatusCode);
        }

        var body = Parse(answer, OAuthJsonContext.Default.OAuthTokenResponse, what);
        if (string.IsNullOrWhiteSpace(body.AccessToken))
        {
            throw new OAuthException($"The {what} answer from {Origin(answer.Endpoint)} has no access_token.", null, answer.StatusCode);
        }

        if (body.TokenType is { } type && !type.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new OAuthException(
                $"The {what} answer from {Origin(answer.Endpoint)} has token_type '{SecretRedactor.Redact(type, [body.AccessToken, body.RefreshToken])}'; only Bearer tokens can be sent.",
                null, answer.StatusCode);
        }

        var now = _time.GetUtcNow();
        DateTimeOffset? expires = body.ExpiresIn is > 0 and var seconds ? now.AddSeconds(seconds) : null;

        // RFC 6749 §6: the server may keep the old refresh token valid and send none back.
        return new OAuthTokens(body.AccessToken, body.RefreshToken ?? previousRefreshToken, expires, now, body.Scope);
    }

    private async Task<FormAnswer> PostAsync(Uri endpoint, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new OAuthException($"Could not reach the authorization server at {Origin(endpoint)} ({ex.HttpRequestError}). Check the profile '{_profileName}' and the network.", ex);
        }

        using (response)
        {
            var bytes = await ReadBoundedAsync(response, endpoint, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            OAuthErrorResponse? error = null;
            if (!response.IsSuccessStatusCode)
            {
                error = TryParse(bytes, OAuthJsonContext.Default.OAuthErrorResponse);
            }

            return new FormAnswer(endpoint, status, response.IsSuccessStatusCode, bytes, error);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, Uri endpoint, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw new OAuthException($"The answer from {Origin(endpoint)} is larger than {MaxResponseBytes} bytes; it is not an OAuth answer.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static T Parse<T>(FormAnswer answer, JsonTypeInfo<T> type, string what)
        where T : class =>
        TryParse(answer.Body, type)
            ?? throw new OAuthException($"The {what} answer from {Origin(answer.Endpoint)} is not the JSON object OAuth servers send (HTTP {answer.StatusCode}).", null, answer.StatusCode);

    private static T? TryParse<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string Describe(FormAnswer answer, string what, IEnumerable<string?> secrets)
    {
        var error = answer.Error?.Error is { } code ? SecretRedactor.Redact(code, secrets) : $"HTTP {answer.StatusCode}";
        var detail = answer.Error?.ErrorDescription is { } description ? ": " + SecretRedactor.Redact(description, secrets) : string.Empty;
        return $"The authorization server at {Origin(answer.Endpoint)} refused the {what} for the OAuth profile '{_profileName}' ({error}){detail}.";
    }

    private static string Origin(Uri endpoint) => SecretRedactor.Origin(endpoint);

    private readonly record struct FormAnswer(Uri Endpoint, int StatusCode, bool IsSuccess, byte[] Body, OAuthErrorResponse? Error);
}
