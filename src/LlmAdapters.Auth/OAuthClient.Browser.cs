using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters.Auth;

/// <summary>The authorization code grant with PKCE (RFC 7636, S256) through a loopback redirect (RFC 8252 §7.3).</summary>
internal sealed partial class OAuthClient
{
    public async Task<OAuthTokens> SignInWithBrowserAsync(
        Func<Uri, CancellationToken, ValueTask> openBrowser,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        Throw.IfNull(openBrowser);
        var authorize = _profile.AuthorizationEndpoint
            ?? throw new ProviderConfigurationException(
                $"The OAuth profile '{_profileName}' has no authorization endpoint: set LlmAdapters:OAuth:Profiles:{_profileName}:AuthorizationEndpoint, or sign in with a device code.");

        var verifier = Pkce.CreateVerifier();
        var state = Pkce.CreateState();
        using var listener = LoopbackRedirectListener.Start();
        var url = AuthorizationUrl(authorize, listener.RedirectUri, Pkce.Challenge(verifier), state);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var callback = listener.ServeOneAsync(query => Judge(query, state), deadline.Token);
        await openBrowser(url, cancellationToken).ConfigureAwait(false);

        IReadOnlyDictionary<string, string> query;
        try
        {
            query = await callback.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OAuthException($"No sign-in came back to {listener.RedirectUri.GetLeftPart(UriPartial.Authority)} within {timeout.TotalSeconds:0} seconds; run the sign-in again.");
        }

        if (!Pkce.StateMatches(state, query.GetValueOrDefault("state")))
        {
            throw new OAuthStateMismatchException(
                $"The sign-in redirect for the OAuth profile '{_profileName}' carried a different state than was sent, so it was refused. Run the sign-in again.");
        }

        if (query.GetValueOrDefault("error") is { } error)
        {
            var description = query.GetValueOrDefault("error_description") is { } text ? ": " + SecretRedactor.Redact(text) : string.Empty;
            throw error == "access_denied"
                ? new OAuthAccessDeniedException($"The sign-in for the OAuth profile '{_profileName}' was declined in the browser (access_denied){description}.")
                : new OAuthException($"The authorization server refused the sign-in for the OAuth profile '{_profileName}' ({SecretRedactor.Redact(error)}){description}.", error);
        }

        var code = query.GetValueOrDefault("code");
        if (string.IsNullOrEmpty(code))
        {
            throw new OAuthException($"The sign-in redirect for the OAuth profile '{_profileName}' carried no code.");
        }

        return await ExchangeCodeAsync(code, verifier, listener.RedirectUri, cancellationToken).ConfigureAwait(false);
    }

    private static (bool Ok, string Message) Judge(IReadOnlyDictionary<string, string> query, string state) =>
        !Pkce.StateMatches(state, query.GetValueOrDefault("state")) ? (false, "This sign-in answer does not belong to the sign-in that is waiting; it was refused.")
        : query.ContainsKey("error") ? (false, "The sign-in was not completed. You can close this window.")
        : (true, "Signed in. You can close this window and return to the terminal.");

    private Uri AuthorizationUrl(Uri authorize, Uri redirect, string challenge, string state)
    {
        var query = new StringBuilder(authorize.Query.Length > 1 ? authorize.Query[1..] + "&" : string.Empty);
        Append("response_type", "code");
        Append("client_id", ClientId);
        Append("redirect_uri", redirect.AbsoluteUri);
        Append("code_challenge", challenge);
        Append("code_challenge_method", "S256");
        Append("state", state);
        if (Scope is { } scope)
        {
            Append("scope", scope);
        }

        query.Length--;
        return new UriBuilder(authorize) { Query = query.ToString() }.Uri;

        void Append(string name, string value) => query.Append(name).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
    }
}
