using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmAdapters.Middleware;

/// <summary>
/// Sends a call to the inner client and, when it fails with a retryable error or an open circuit, to each fallback
/// client in turn. Before a conversation goes to a different provider it is passed through
/// <see cref="ConversationSanitizer"/>, and provider-bound options (model id, raw request factory, context cache
/// name) are cleared, so the fallback never fails on the previous provider's artefacts.
/// </summary>
/// <remarks>Streams fall back only until their first showable update (text, reasoning, a tool call, data) has been
/// yielded; role-only and metadata-only updates before it are held back and dropped with a failed attempt. Put <c>UseResilience()</c> on each
/// client (inner and fallbacks) so each provider is retried before the next one is tried.</remarks>
public sealed partial class FallbackChatClient : DelegatingChatClient
{
    private readonly IReadOnlyList<IChatClient> _fallbacks;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="innerClient">The preferred client.</param>
    /// <param name="fallbacks">The clients to try next, in order.</param>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Receives a warning for every fallback taken.</param>
    public FallbackChatClient(IChatClient innerClient, IEnumerable<IChatClient> fallbacks, FallbackOptions? options = null, ILogger? logger = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(fallbacks);
        _fallbacks = [.. fallbacks];
        if (_fallbacks.Any(f => f is null))
        {
            throw new ArgumentException("A fallback client is null.", nameof(fallbacks));
        }

        Options = options ?? new FallbackOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the settings.</summary>
    public FallbackOptions Options { get; }

    /// <summary>Gets the fallback clients, in the order they are tried.</summary>
    public IReadOnlyList<IChatClient> Fallbacks => _fallbacks;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var primaryProvider = PipelineServices.ProviderName(InnerClient);
        for (var i = 0; ; i++)
        {
            var (client, callMessages, callOptions) = Prepare(i, list, options, primaryProvider);
            try
            {
                var response = await client.GetResponseAsync(callMessages, callOptions, cancellationToken);
                if (i > 0)
                {
                    StampOrigin(response.AdditionalProperties ??= [], client);
                }

                return response;
            }
            catch (Exception ex) when (i < _fallbacks.Count && !cancellationToken.IsCancellationRequested && Options.ShouldFallback(ex))
            {
                LogFallback(_logger, i, ProviderLabel(client), ProviderLabel(_fallbacks[i]), ex.GetType().Name);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Clients are tried until one yields its first showable update (or ends without one); from then on the caller
    /// has output from that provider, so later failures surface instead of falling back, and updates come straight from
    /// its stream.</remarks>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new DeferredStream<(FallbackChatClient Self, IEnumerable<ChatMessage> Messages, ChatOptions? Options)>(
            (this, messages, options), static (state, token) => state.Self.OpenStreamAsync(state.Messages, state.Options, token), cancellationToken);

    /// <summary>Records which provider answered, so cost tracking above prices the fallback's model at its provider.</summary>
    private static void StampOrigin(AdditionalPropertiesDictionary properties, IChatClient client)
    {
        if (PipelineServices.ProviderName(client) is { } provider)
        {
            properties.TryAdd(AdditionalPropertyKeys.OriginProvider, provider);
        }
    }

    private static string ProviderLabel(IChatClient client) => PipelineServices.ProviderName(client) ?? client.GetType().Name;

    private async ValueTask<OpenedStream> OpenStreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var primaryProvider = PipelineServices.ProviderName(InnerClient);
        for (var i = 0; ; i++)
        {
            var (client, callMessages, callOptions) = Prepare(i, list, options, primaryProvider);
            var candidate = client.GetStreamingResponseAsync(callMessages, callOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                // Updates before the first showable one are held back: a failure among them still falls back, and
                // they are dropped with the failed attempt.
                var (stream, first) = await FirstOutputStream.OpenAsync(candidate);
                if (first is not null && i > 0)
                {
                    StampOrigin(first.AdditionalProperties ??= [], client);
                }

                return new OpenedStream(stream, first is not null);
            }
            catch (Exception ex) when (i < _fallbacks.Count && !cancellationToken.IsCancellationRequested && Options.ShouldFallback(ex))
            {
                await candidate.DisposeAsync();
                LogFallback(_logger, i, ProviderLabel(client), ProviderLabel(_fallbacks[i]), ex.GetType().Name);
            }
            catch
            {
                await candidate.DisposeAsync();
                throw;
            }
        }
    }

    private (IChatClient Client, IList<ChatMessage> Messages, ChatOptions? Options) Prepare(int index, IList<ChatMessage> messages, ChatOptions? options, string? primaryProvider)
    {
        if (index == 0)
        {
            return (InnerClient, messages, options);
        }

        var client = _fallbacks[index - 1];
        var provider = PipelineServices.ProviderName(client);
        var sameProvider = provider is not null && string.Equals(ModelCatalog.ToCatalogProvider(provider), ModelCatalog.ToCatalogProvider(primaryProvider), StringComparison.Ordinal);
        var callMessages = sameProvider ? messages : ConversationSanitizer.ForProvider(messages, provider, Options.Reasoning);

        ChatOptions? callOptions = options;
        if (options is not null)
        {
            callOptions = options.Clone();
            if (Options.ClearModelIdForFallbacks)
            {
                callOptions.ModelId = null;
            }

            if (!sameProvider)
            {
                // These were built for the first provider: its raw request type, its cache entry.
                callOptions.RawRepresentationFactory = null;
                callOptions.ConversationId = null;
                if (callOptions.AdditionalProperties is { } props)
                {
                    props.Remove(AdditionalPropertyKeys.ContextCacheName);
                }
            }
        }

        return (client, callMessages, callOptions);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {Index} ({From}) failed with {Error}; falling back to {To}.")]
    private static partial void LogFallback(ILogger logger, int index, string from, string to, string error);
}
