using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Auth.Wire;

namespace LlmAdapters.Auth;

/// <summary>The device authorization grant (RFC 8628): ask for a code, show it, poll the token endpoint.</summary>
internal sealed partial class OAuthClient
{
    private const string DeviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code";

    // RFC 8628 §3.2: the interval defaults to 5 seconds; §3.5: slow_down adds 5 seconds to it for good.
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    // Used when a server leaves expires_in out (it is REQUIRED): RFC 8628's examples use 1800 seconds.
    private static readonly TimeSpan DefaultDeviceCodeLifetime = TimeSpan.FromMinutes(30);

    public async Task<OAuthTokens> SignInWithDeviceCodeAsync(
        Func<DeviceCodePrompt, CancellationToken, ValueTask> showPrompt,
        CancellationToken cancellationToken)
    {
        Throw.IfNull(showPrompt);
        var endpoint = _profile.DeviceAuthorizationEndpoint
            ?? throw new ProviderConfigurationException(
                $"The OAuth profile '{_profileName}' has no device authorization endpoint: set LlmAdapters:OAuth:Profiles:{_profileName}:DeviceAuthorizationEndpoint, or sign in through the browser.");

        var fields = new List<KeyValuePair<string, string>> { new("client_id", ClientId) };
        if (Scope is { } scope)
        {
            fields.Add(new("scope", scope));
        }

        var answer = await PostAsync(endpoint, fields, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw new OAuthException(Describe(answer, "device authorization request", []), answer.Error?.Error, answer.StatusCode);
        }

        var device = Parse(answer, OAuthJsonContext.Default.OAuthDeviceAuthorizationResponse, "device authorization");
        if (string.IsNullOrWhiteSpace(device.DeviceCode) || string.IsNullOrWhiteSpace(device.UserCode)
            || !Uri.TryCreate(device.VerificationUri, UriKind.Absolute, out var verification))
        {
            throw new OAuthException($"The device authorization answer from {Origin(endpoint)} lacks device_code, user_code or an absolute verification_uri.");
        }

        var started = _time.GetUtcNow();
        var lifetime = device.ExpiresIn is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : DefaultDeviceCodeLifetime;
        var expiresAt = started + lifetime;
        Uri.TryCreate(device.VerificationUriComplete, UriKind.Absolute, out var complete);
        await showPrompt(new DeviceCodePrompt(device.UserCode, verification, complete, expiresAt), cancellationToken).ConfigureAwait(false);

        var interval = device.Interval is > 0 and var every ? TimeSpan.FromSeconds(every) : DefaultInterval;
        string?[] secrets = [device.DeviceCode];
        while (true)
        {
            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            if (_time.GetUtcNow() >= expiresAt)
            {
                throw Expired();
            }

            var poll = await PostAsync(TokenEndpoint, [
                new("grant_type", DeviceCodeGrantType),
                new("device_code", device.DeviceCode),
                new("client_id", ClientId),
            ], cancellationToken).ConfigureAwait(false);
            if (poll.IsSuccess)
            {
                return ToTokens(poll, "device sign-in", secrets, previousRefreshToken: null);
            }

            switch (poll.Error?.Error)
            {
                case "authorization_pending":
                    continue;
                case "slow_down":
                    interval += SlowDownStep;
                    continue;
                case "access_denied":
                    throw new OAuthAccessDeniedException(
                        $"The sign-in with code {device.UserCode} for the OAuth profile '{_profileName}' was declined (access_denied). Run the sign-in again to retry.");
                case "expired_token":
                    throw Expired();
                default:
                    throw new OAuthException(Describe(poll, "device sign-in", secrets), poll.Error?.Error, poll.StatusCode);
            }
        }

        OAuthDeviceCodeExpiredException Expired() => new(
            $"The device code {device.UserCode} for the OAuth profile '{_profileName}' expired before the sign-in was approved (expired_token). Run the sign-in again for a new code.");
    }
}
