using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Google.Apis.Auth.OAuth2;

namespace LlmAdapters.Gemini;

/// <summary>
/// Bearer tokens from a <see cref="GoogleCredential"/> scoped to cloud-platform, cached by Core's
/// <see cref="RefreshingBearerCredential"/> until shortly before they expire (concurrent requests share one refresh),
/// plus <c>x-goog-user-project</c> when the credential names a quota project.
/// </summary>
internal sealed class GoogleBearerCredential : CredentialSource, IDisposable
{
    private const string CredentialDescription = "GeminiOptions.Vertex.Credential (or Application Default Credentials)";
    private readonly RefreshingBearerCredential _tokens;
    private readonly string? _quotaProject;

    private GoogleBearerCredential(GoogleCredential credential, TimeProvider timeProvider)
    {
        var scoped = credential.IsCreateScopedRequired ? credential.CreateScoped(GeminiProtocol.CloudPlatformScope) : credential;
        _quotaProject = scoped.QuotaProject;
        ITokenAccess access = scoped;
        _tokens = new RefreshingBearerCredential(
            async ct =>
            {
                var token = await access.GetAccessTokenForRequestAsync(cancellationToken: ct).ConfigureAwait(false);
                return new AccessToken(token, ExpiryOf(scoped.UnderlyingCredential, timeProvider));
            },
            CredentialDescription,
            TimeSpan.FromMinutes(5),
            timeProvider);
    }

    public override string? Description => CredentialDescription;

    public static GoogleBearerCredential Create(GoogleCredential? credential, TimeProvider timeProvider) =>
        Create(credential, timeProvider, GoogleCredential.GetApplicationDefault);

    /// <summary>Uses <paramref name="credential"/>, or Application Default Credentials from <paramref name="loadDefault"/>.</summary>
    /// <exception cref="ProviderConfigurationException">No credential was given and none could be loaded.</exception>
    internal static GoogleBearerCredential Create(GoogleCredential? credential, TimeProvider timeProvider, Func<GoogleCredential> loadDefault)
    {
        if (credential is null)
        {
            try
            {
                credential = loadDefault();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // GetApplicationDefault blocks on its async twin, so its failures arrive wrapped in an AggregateException
                // (a missing or unreadable GOOGLE_APPLICATION_CREDENTIALS file, no gcloud login, no metadata server).
                var cause = ex is AggregateException { InnerExceptions: [var single] } ? single : ex;
                throw new ProviderConfigurationException(
                    "Vertex AI found no Google credentials. Set GeminiOptions.Vertex.Credential; or point the GOOGLE_APPLICATION_CREDENTIALS " +
                    "environment variable at a service-account JSON file; or run 'gcloud auth application-default login'; or, for Vertex AI " +
                    $"express mode, set GeminiOptions.ApiKey (or GOOGLE_API_KEY) and leave Vertex.Project empty. ({cause.Message.TrimEnd('.')}.)",
                    cause);
            }
        }

        return new GoogleBearerCredential(credential, timeProvider);
    }

    public override async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await _tokens.ApplyAsync(request, cancellationToken).ConfigureAwait(false);
        if (_quotaProject is not null)
        {
            request.Headers.Remove("x-goog-user-project");
            request.Headers.TryAddWithoutValidation("x-goog-user-project", _quotaProject);
        }
    }

    public void Dispose() => _tokens.Dispose();

    public override string ToString() => "GoogleBearerCredential";

    protected internal override IEnumerable<string?> GetSecrets() => _tokens.GetSecrets();

    /// <summary>When the token just fetched expires: the library's own token response when it exposes one, else one hour.</summary>
    private static DateTimeOffset ExpiryOf(ICredential credential, TimeProvider timeProvider)
    {
        if (credential is ServiceCredential { Token: { ExpiresInSeconds: { } seconds } token })
        {
            return new DateTimeOffset(token.IssuedUtc, TimeSpan.Zero).AddSeconds(seconds);
        }

        if (credential is UserCredential { Token: { ExpiresInSeconds: { } userSeconds } userToken })
        {
            return new DateTimeOffset(userToken.IssuedUtc, TimeSpan.Zero).AddSeconds(userSeconds);
        }

        return timeProvider.GetUtcNow().AddMinutes(55);
    }
}
