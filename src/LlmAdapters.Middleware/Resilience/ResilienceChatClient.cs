using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace LlmAdapters.Middleware;

/// <summary>
/// Retries failed calls whose <see cref="ProviderException.IsRetryable"/> is set, with exponential backoff and jitter,
/// waiting exactly the provider's Retry-After when it sends one; enforces a per-attempt timeout and a total deadline;
/// and stops calling a failing provider for a while (circuit breaker), failing fast with <see cref="CircuitOpenException"/>.
/// Built on Polly with an injectable <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// A stream is retried only until its first update has been yielded; after that, a failure surfaces to the caller,
/// who keeps the updates already delivered (repeating the call would duplicate them). Timeouts surface as
/// <see cref="ProviderTimeoutException"/>.
/// </remarks>
public sealed class ResilienceChatClient : DelegatingChatClient
{
    private readonly ProviderResiliencePipeline _pipeline;

    /// <summary>Initializes a new instance with its own circuit breaker.</summary>
    /// <param name="innerClient">The client to protect.</param>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for delays and timeouts.</param>
    /// <param name="logger">Receives retry and circuit events.</param>
    public ResilienceChatClient(IChatClient innerClient, ResilienceOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(innerClient)
    {
        Options = options ?? new ResilienceOptions();
        _pipeline = new ProviderResiliencePipeline(
            PipelineServices.ProviderName(innerClient) ?? "unknown", Options, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance);
    }

    internal ResilienceChatClient(IChatClient innerClient, ProviderResiliencePipeline pipeline, ResilienceOptions options)
        : base(innerClient)
    {
        Options = options;
        _pipeline = pipeline;
    }

    /// <summary>Gets the settings this client was built with.</summary>
    public ResilienceOptions Options { get; }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        return _pipeline.ExecuteAsync(
            static (context, state) => new ValueTask<ChatResponse>(state.Inner.GetResponseAsync(state.List, state.Options, context.CancellationToken)),
            (Inner: InnerClient, List: list, Options: options),
            cancellationToken);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new DeferredStream<(ResilienceChatClient Self, IEnumerable<ChatMessage> Messages, ChatOptions? Options)>(
            (this, messages, options), static (state, token) => state.Self.OpenStreamAsync(state.Messages, state.Options, token), cancellationToken);

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(ResilienceOptions) ? Options : base.GetService(serviceType, serviceKey);
    }

    /// <summary>Opens the stream under the pipeline: attempts are retried until one yields its first update (or ends
    /// empty); from then on the updates come straight from that attempt's stream.</summary>
    private async ValueTask<OpenedStream> OpenStreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        return await _pipeline.ExecuteAsync(
            static (context, state) => StartStreamAsync(state.Inner, state.List, state.Options, context, state.CallerToken),
            (Inner: InnerClient, List: list, Options: options, CallerToken: cancellationToken),
            cancellationToken);
    }

    /// <summary>One attempt at a stream: open it and wait for the first update, under the attempt's timeout. The stream
    /// then continues on a token linked only to the caller's, because Polly recycles the attempt's token source.</summary>
    private static async ValueTask<OpenedStream> StartStreamAsync(
        IChatClient inner, IList<ChatMessage> messages, ChatOptions? options, ResilienceContext context, CancellationToken callerToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        var registration = context.CancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), cts);
        IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
        try
        {
            enumerator = inner.GetStreamingResponseAsync(messages, options, cts.Token).GetAsyncEnumerator(cts.Token);
            var hasFirst = await enumerator.MoveNextAsync();
            await registration.DisposeAsync();
            return new OpenedStream(enumerator, hasFirst, cts);
        }
        catch
        {
            await registration.DisposeAsync();
            if (enumerator is not null)
            {
                await enumerator.DisposeAsync();
            }

            cts.Dispose();
            throw;
        }
    }
}
