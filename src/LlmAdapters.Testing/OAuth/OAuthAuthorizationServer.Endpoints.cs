using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace LlmAdapters.Testing.OAuth;

/// <summary>The endpoints: each reads its form or query, decides under one lock, and answers JSON the way RFC 6749 §5 says.</summary>
public sealed partial class OAuthAuthorizationServer
{
    private const string DeviceGrantType = "urn:ietf:params:oauth:grant-type:device_code";
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    private async Task DeviceAuthorizationAsync(HttpContext context)
    {
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        if (form.GetValueOrDefault("client_id") != Options.ClientId)
        {
            await ErrorAsync(context, form, 401, "invalid_client", "Unknown client_id.").ConfigureAwait(false);
            return;
        }

        var deviceCode = "emu-dc-" + Random(24);
        var userCode = UserCode();
        lock (_sync)
        {
            _deviceCodes[deviceCode] = new DeviceGrant(userCode, Now + Options.DeviceCodeLifetime, Options.PollingInterval, form.GetValueOrDefault("scope"));
        }

        Record(context, form, "ok");
        await JsonAsync(context, 200, w =>
        {
            w.WriteString("device_code", deviceCode);
            w.WriteString("user_code", userCode);
            w.WriteString("verification_uri", VerificationUri.AbsoluteUri);
            w.WriteString("verification_uri_complete", VerificationUri.AbsoluteUri + "?user_code=" + userCode);
            w.WriteNumber("expires_in", (long)Options.DeviceCodeLifetime.TotalSeconds);
            w.WriteNumber("interval", (long)Options.PollingInterval.TotalSeconds);
        }).ConfigureAwait(false);
    }

    private async Task AuthorizeAsync(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var redirect = query.GetValueOrDefault("redirect_uri");

        // RFC 6749 §4.1.2.1: a bad client or redirect address is shown to the user, never redirected to.
        if (query.GetValueOrDefault("client_id") != Options.ClientId
            || !Uri.TryCreate(redirect, UriKind.Absolute, out var target) || target.Scheme != "http" || !target.IsLoopback)
        {
            Record(context, query, "invalid_request");
            await TextAsync(context, 400, "Unknown client_id or a redirect_uri that is not an http loopback address.").ConfigureAwait(false);
            return;
        }

        var state = query.GetValueOrDefault("state");
        string location;
        if (query.GetValueOrDefault("response_type") != "code")
        {
            location = Redirect(target, ("error", "unsupported_response_type"), ("state", state));
        }
        else if (string.IsNullOrEmpty(query.GetValueOrDefault("code_challenge")) || query.GetValueOrDefault("code_challenge_method") != "S256")
        {
            location = Redirect(target, ("error", "invalid_request"), ("error_description", "PKCE with code_challenge_method=S256 is required."), ("state", state));
        }
        else if (DenyBrowserSignIn)
        {
            location = Redirect(target, ("error", "access_denied"), ("state", state));
        }
        else
        {
            var code = "emu-code-" + Random(18);
            lock (_sync)
            {
                _codes[code] = new CodeGrant(query["code_challenge"], redirect!, query.GetValueOrDefault("scope"));
            }

            location = Redirect(target, ("code", code), ("state", state));
        }

        Record(context, query, location.Contains("error=", StringComparison.Ordinal) ? "redirect-error" : "ok");
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = location;
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        if (form.GetValueOrDefault("client_id") != Options.ClientId)
        {
            await ErrorAsync(context, form, 401, "invalid_client", "Unknown client_id.").ConfigureAwait(false);
            return;
        }

        string? error;
        string? description = null;
        string? access = null;
        string? refresh = null;
        string? scope = null;
        lock (_sync)
        {
            switch (form.GetValueOrDefault("grant_type"))
            {
                case DeviceGrantType:
                    error = PollDevice(form.GetValueOrDefault("device_code"), out scope);
                    break;
                case "authorization_code":
                    error = RedeemCode(form, out scope, out description);
                    break;
                case "refresh_token":
                    var old = form.GetValueOrDefault("refresh_token");
                    error = old is not null && _refreshTokens.TryGetValue(old, out scope) ? null : "invalid_grant";
                    if (error is null && Options.RotateRefreshTokens)
                    {
                        _refreshTokens.Remove(old!);
                    }

                    if (error is null)
                    {
                        Interlocked.Increment(ref _refreshCount);
                    }

                    break;
                default:
                    error = "unsupported_grant_type";
                    break;
            }

            if (error is null)
            {
                access = Issue(out refresh, scope);
                if (!Options.RotateRefreshTokens && form.GetValueOrDefault("grant_type") == "refresh_token")
                {
                    _refreshTokens.Remove(refresh);
                    refresh = null;
                }
            }
        }

        if (error is not null)
        {
            await ErrorAsync(context, form, 400, error, description).ConfigureAwait(false);
            return;
        }

        Record(context, form, "ok");
        context.Response.Headers.CacheControl = "no-store";
        await JsonAsync(context, 200, w =>
        {
            w.WriteString("access_token", access);
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", (long)Options.AccessTokenLifetime.TotalSeconds);
            if (refresh is not null)
            {
                w.WriteString("refresh_token", refresh);
            }

            if (!string.IsNullOrEmpty(scope))
            {
                w.WriteString("scope", scope);
            }
        }).ConfigureAwait(false);
    }

    private string? PollDevice(string? deviceCode, out string? scope)
    {
        scope = null;
        if (deviceCode is null || !_deviceCodes.TryGetValue(deviceCode, out var grant))
        {
            return "invalid_grant";
        }

        scope = grant.Scope;
        var now = Now;
        if (now >= grant.ExpiresAt)
        {
            return "expired_token";
        }

        if (Options.EnforcePollingInterval && grant.LastPoll is { } last && now - last < grant.Interval)
        {
            grant.LastPoll = now;
            grant.Interval += SlowDownStep;
            return "slow_down";
        }

        grant.LastPoll = now;
        var answer = _deviceAnswers.TryDequeue(out var scripted) ? scripted : DeviceGrantAnswer.Approve;
        switch (answer)
        {
            case DeviceGrantAnswer.Pending:
                return "authorization_pending";
            case DeviceGrantAnswer.SlowDown:
                grant.Interval += SlowDownStep;
                return "slow_down";
            case DeviceGrantAnswer.Expired:
                _deviceCodes.Remove(deviceCode);
                return "expired_token";
            case DeviceGrantAnswer.Denied:
                _deviceCodes.Remove(deviceCode);
                return "access_denied";
            default:
                _deviceCodes.Remove(deviceCode);
                return null;
        }
    }

    private string? RedeemCode(Dictionary<string, string> form, out string? scope, out string? description)
    {
        scope = null;
        description = null;
        var code = form.GetValueOrDefault("code");

        // Codes are single-use (RFC 6749 §4.1.2): removed whether or not the exchange succeeds.
        if (code is null || !_codes.Remove(code, out var grant))
        {
            description = "Unknown or already used code.";
            return "invalid_grant";
        }

        if (form.GetValueOrDefault("redirect_uri") != grant.RedirectUri)
        {
            description = "redirect_uri differs from the one the code was issued for.";
            return "invalid_grant";
        }

        var verifier = form.GetValueOrDefault("code_verifier") ?? string.Empty;
        var computed = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (verifier.Length is < 43 or > 128 || computed != grant.Challenge)
        {
            description = "code_verifier does not match the code_challenge.";
            return "invalid_grant";
        }

        scope = grant.Scope;
        return null;
    }

    private async Task RevokeAsync(HttpContext context)
    {
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        if (form.GetValueOrDefault("client_id") != Options.ClientId)
        {
            await ErrorAsync(context, form, 401, "invalid_client", "Unknown client_id.").ConfigureAwait(false);
            return;
        }

        if (form.GetValueOrDefault("token") is { Length: > 0 } token)
        {
            _revoked.Enqueue(token);
            lock (_sync)
            {
                _accessTokens.Remove(token);
                _refreshTokens.Remove(token);
            }
        }

        // RFC 7009 §2.2: 200 whether or not the token was known.
        Record(context, form, "ok");
        context.Response.StatusCode = 200;
    }

    private void Record(HttpContext context, IReadOnlyDictionary<string, string> fields, string answer) =>
        _requests.Enqueue(new OAuthServerRequest(context.Request.Path.Value ?? "/", fields, Now, answer));

    private async Task ErrorAsync(HttpContext context, Dictionary<string, string> form, int status, string error, string? description)
    {
        Record(context, form, error);
        await JsonAsync(context, status, w =>
        {
            w.WriteString("error", error);
            if (description is not null)
            {
                w.WriteString("error_description", description);
            }
        }).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, string>> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        return form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    private static async Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static string Redirect(Uri target, params (string Name, string? Value)[] parameters)
    {
        var query = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)));
        var existing = target.Query.Length > 1 ? target.Query[1..] + "&" : string.Empty;
        return new UriBuilder(target) { Query = existing + query }.Uri.AbsoluteUri;
    }

    private static string UserCode()
    {
        // RFC 8628 §6.1: letters without vowels or look-alikes, grouped for reading aloud.
        const string Alphabet = "BCDFGHJKLMNPQRSTVWXZ";
        Span<char> code = stackalloc char[9];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = i == 4 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(code);
    }
}
