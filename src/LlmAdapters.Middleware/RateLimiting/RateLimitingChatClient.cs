using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>
/// Client-side rate limiting with <c>System.Threading.RateLimiting</c>: requests and tokens per minute for the inner
/// provider, and in adaptive mode the provider's own reported limits, so calls wait on the client instead of being
/// answered with 429.
/// </summary>
/// <remarks>Place it inside <c>UseResilience()</c> (closer to the provider) so every retry attempt is limited too.</remarks>
public sealed class RateLimitingChatClient : DelegatingChatClient
{
    private readonly ProviderRateLimiter _limiter;
    private readonly bool _ownsLimiter;

    /// <summary>Initializes a new instance with its own limits.</summary>
    /// <param name="innerClient">The client to limit.</param>
    /// <param name="options">The limits; defaults (adaptive only) when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that replenishes permits and measures waits.</param>
    public RateLimitingChatClient(IChatClient innerClient, RateLimitingOptions? options = null, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        Options = options ?? new RateLimitingOptions();
        _limiter = new ProviderRateLimiter(PipelineServices.ProviderName(innerClient) ?? "unknown", Options, timeProvider ?? TimeProvider.System);
        _ownsLimiter = true;
    }

    internal RateLimitingChatClient(IChatClient innerClient, ProviderRateLimiter limiter, RateLimitingOptions options)
        : base(innerClient)
    {
        Options = options;
        _limiter = limiter;
    }

    /// <summary>Gets the limits.</summary>
    public RateLimitingOptions Options { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        await _limiter.AcquireAsync(EstimateTokens(list, options), cancellationToken);
        try
        {
            var response = await base.GetResponseAsync(list, options, cancellationToken);
            _limiter.Observe(ReadRateLimits(response.AdditionalProperties));
            return response;
        }
        catch (ProviderException ex)
        {
            _limiter.Observe(ex);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>Tokens are acquired when the stream is opened; the first update carrying rate limits is observed, and a
    /// provider error while streaming too. The updates pass through without an iterator of this client's own.</remarks>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new DeferredStream<(RateLimitingChatClient Self, IEnumerable<ChatMessage> Messages, ChatOptions? Options)>(
            (this, messages, options), static (state, token) => state.Self.OpenStreamAsync(state.Messages, state.Options, token), cancellationToken);

    private async ValueTask<OpenedStream> OpenStreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        await _limiter.AcquireAsync(EstimateTokens(list, options), cancellationToken);
        var stream = new ObservedStream(base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken), new LimitObserver(_limiter));
        try
        {
            return new OpenedStream(stream, await stream.MoveNextAsync());
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(RateLimitingOptions) ? Options : base.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsLimiter)
        {
            _limiter.Dispose();
        }

        base.Dispose(disposing);
    }

    private static long EstimateTokens(IList<ChatMessage> messages, ChatOptions? options) =>
        TokenEstimator.Estimate(messages, options) + (options?.MaxOutputTokens ?? 0);

    private static RateLimitInfo? ReadRateLimits(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(AdditionalPropertyKeys.RateLimits, out var value) ? value as RateLimitInfo : null;

    /// <summary>Feeds one stream's rate limits (the first update that carries them) and provider errors to the limiter.</summary>
    private sealed class LimitObserver(ProviderRateLimiter limiter) : StreamObserver
    {
        private bool _observed;

        public override void OnUpdate(ChatResponseUpdate update)
        {
            if (!_observed && ReadRateLimits(update.AdditionalProperties) is { } info)
            {
                limiter.Observe(info);
                _observed = true;
            }
        }

        public override void OnError(Exception error)
        {
            if (error is ProviderException providerError)
            {
                limiter.Observe(providerError);
            }
        }
    }
}
