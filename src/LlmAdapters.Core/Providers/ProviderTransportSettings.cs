using System;
using System.Collections.Generic;
using LlmAdapters.Http;

namespace LlmAdapters.Providers;

/// <summary>
/// The one place where <see cref="ProviderOptions"/> become <see cref="ProviderTransportOptions"/>, so a base option cannot
/// reach one provider's transport and miss another's. A protocol adds only what is its own: the provider name, the error
/// parser, the credential, its headers and the header that carries its request id.
/// </summary>
internal static class ProviderTransportSettings
{
    public static ProviderTransportOptions From(
        ProviderOptions options,
        string provider,
        ProviderErrorParser errorParser,
        CredentialSource? credential,
        IEnumerable<KeyValuePair<string, string>>? providerHeaders = null,
        string requestIdHeader = "x-request-id")
    {
        // The provider's own headers first, then the caller's; a blank value means "do not send".
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in providerHeaders ?? [])
        {
            Add(headers, header);
        }

        foreach (var header in options.Headers)
        {
            Add(headers, header);
        }

        return new ProviderTransportOptions
        {
            Provider = provider,
            ErrorParser = errorParser,
            HttpClient = options.HttpClient,
            Credential = credential,
            RequestIdHeader = requestIdHeader,
            DefaultHeaders = headers,
            MaxResponseBytes = options.MaxResponseBytes,
            ResponseHeadersTimeout = options.ResponseHeadersTimeout,
            StreamIdleTimeout = options.StreamIdleTimeout,
            TimeProvider = options.TimeProvider ?? TimeProvider.System,
        };
    }

    private static void Add(List<KeyValuePair<string, string>> headers, KeyValuePair<string, string> header)
    {
        if (!string.IsNullOrWhiteSpace(header.Value))
        {
            headers.Add(header);
        }
    }
}
