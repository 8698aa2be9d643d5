using System.Runtime.CompilerServices;
using System.Text;
using LlmAdapters.Core.Tests.TestSupport;
using LlmAdapters.Http;
using LlmAdapters.Hostile;
using LlmAdapters.Tests.Shared;

namespace LlmAdapters.Core.Tests.Hostile;

/// <summary>Transports pointed at a <see cref="HostileServer"/>, and the two ways tests drive them.</summary>
internal static class HostileTransport
{
    public const string Provider = "testprov";
    public const string Key = "sk-hostile-0123456789abcdefghij";

    public static ProviderTransport Create(
        CredentialSource? credential = null,
        HttpClient? httpClient = null,
        long maxResponseBytes = 64L * 1024 * 1024,
        TimeSpan? headersTimeout = null,
        TimeSpan? idleTimeout = null,
        TimeProvider? clock = null,
        IReadOnlyList<KeyValuePair<string, string>>? defaultHeaders = null,
        ProviderErrorParser? errorParser = null) =>
        new(new ProviderTransportOptions
        {
            Provider = Provider,
            ErrorParser = errorParser ?? TestErrorParser.Parse,
            Credential = credential ?? new ApiKeyCredential(Key, "x-api-key", scheme: null),
            HttpClient = httpClient,
            MaxResponseBytes = maxResponseBytes,
            ResponseHeadersTimeout = headersTimeout,
            StreamIdleTimeout = idleTimeout,
            TimeProvider = clock ?? TimeProvider.System,
            DefaultHeaders = defaultHeaders ?? [],
        });

    /// <summary>POSTs <c>{"text":"ping"}</c> and reads a whole JSON response.</summary>
    public static async Task<string> PostAsync(ProviderTransport transport, Uri uri, CancellationToken cancellationToken)
    {
        var result = await transport.SendJsonAsync(
            HttpMethod.Post, uri, new TestBody("ping"), CoreTestJsonContext.Default.TestBody, CoreTestJsonContext.Default.TestBody, cancellationToken);
        return result.Value.Text;
    }

    /// <summary>POSTs and reads the answer as SSE, yielding each event's data; error events become the transport's stream error.</summary>
    public static async IAsyncEnumerable<string> StreamAsync(
        ProviderTransport transport, Uri uri, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var content = ProviderTransport.JsonContent(new TestBody("go"), CoreTestJsonContext.Default.TestBody);
        using var response = await transport.SendAsync(HttpMethod.Post, uri, content, streaming: true, cancellationToken);
        await using var body = await response.OpenBodyAsync(cancellationToken);
        SseEventParser<string> parser = (_, data) => Encoding.UTF8.GetString(data);
        await foreach (var item in StreamEvents.ReadSseAsync(body, parser, Provider, response.RequestId, cancellationToken))
        {
            if (item.StartsWith("{\"error\"", StringComparison.Ordinal))
            {
                throw transport.StreamError(TestErrorParser.Parse(0, Encoding.UTF8.GetBytes(item)), response.RequestId);
            }

            yield return item;
        }
    }

    /// <summary>One SSE frame.</summary>
    public static string Event(string data) => $"data: {data}\n\n";
}
