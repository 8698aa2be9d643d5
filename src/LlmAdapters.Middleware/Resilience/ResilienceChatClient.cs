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
/// A stream is retried only until its first showable update (text, reasoning, a tool call, data) has been yielded;
/// role-only and metadata-only updates before it are held back and dropped with a failed attempt. After that, a failure
/// surfaces to the caller, who keeps the updates already delivered (repeating the call would duplicate them). The attempt
/// timeout covers a stream's whole opening, up to that first showable update; <see cref="ResilienceOptions.StreamIdleTimeout"/>
/// bounds the waits after it. Timeouts surface as <see cref="ProviderTimeoutException"/>.
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

    /// <summary>Opens the stream under the pipeline: attempts are retried until one yields its first showable update
    /// (or ends without one); from then on the updates come straight from that attempt's stream.</summary>
    private async ValueTask<OpenedStream> OpenStreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        return await _pipeline.ExecuteAsync(
            static (context, state) => state.Self.StartStreamAsync(state.List, state.Options, context, state.CallerToken),
            (Self: this, List: list, Options: options, CallerToken: cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// One attempt at a stream: open it and wait for its first showable update, under the attempt's timeout. Role-only
    /// and metadata-only updates before it are held back, so a failure among them is still retried and they are dropped
    /// with the attempt. The stream then continues on a cancellation of its own, linked to the caller's token (Polly
    /// recycles the attempt's token source) and, when <see cref="ResilienceOptions.StreamIdleTimeout"/> is set, bounding
    /// the wait for each further update.
    /// </summary>
    private async ValueTask<OpenedStream> StartStreamAsync(IList<ChatMessage> messages, ChatOptions? options, ResilienceContext context, CancellationToken callerToken)
    {
        var cancellation = new StreamCancellation(_pipeline.TimeProvider, callerToken);
        var registration = context.CancellationToken.Register(static s => ((StreamCancellation)s!).Cancel(), cancellation);
        IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
        try
        {
            enumerator = InnerClient.GetStreamingResponseAsync(messages, options, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
            var (stream, first) = await FirstOutputStream.OpenAsync(enumerator);
            await registration.DisposeAsync();
            if (first is not null && Options.StreamIdleTimeout is { } idle)
            {
                stream = new StreamIdleTimeout(stream, cancellation, idle, _pipeline.Provider);
            }

            return new OpenedStream(stream, first is not null, cancellation);
        }
        catch
        {
            await registration.DisposeAsync();
            if (enumerator is not null)
            {
                await enumerator.DisposeAsync();
            }

            cancellation.Dispose();
            throw;
        }
    }
}
