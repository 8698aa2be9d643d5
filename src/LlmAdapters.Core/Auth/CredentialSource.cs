using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters;

/// <summary>
/// Produces the authentication headers of each request. Adapters call it per request, so refreshing
/// credentials (Azure Entra ID, Google service accounts) stay valid for the lifetime of a client.
/// </summary>
public abstract class CredentialSource
{
    /// <summary>Gets a short description of where the credential comes from, used in error messages
    /// (for example <c>OpenAIOptions.ApiKey or the OPENAI_API_KEY environment variable</c>). Never the secret itself.</summary>
    public virtual string? Description => null;

    /// <summary>Adds this credential's headers to <paramref name="request"/>.</summary>
    /// <param name="request">The outgoing request.</param>
    /// <param name="cancellationToken">Cancels a token refresh.</param>
    /// <returns>A task that completes when the headers are set.</returns>
    public abstract ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>Gets the secret strings that must be scrubbed from any text this library produces.</summary>
    /// <returns>The secrets currently known to this source.</returns>
    protected internal virtual IEnumerable<string?> GetSecrets() => [];
}
