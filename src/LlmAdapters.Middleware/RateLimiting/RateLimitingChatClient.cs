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
    private readonly ProviderRateLimiter? _limiter;
    private readonly SharedRateLimiter? _shared;
    private readonly bool _ownsLimiter;

    /// <summary>Initializes a new instance with its own limits.</summary>
    /// <param name="innerClient">The client to limit.</param>
    /// <param name="options">The limits; defaults (adaptive only) when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that replenishes permits and measures waits.</param>
    public RateLimitingChatClient(IChatClient innerClient, RateLimitingOptions? options = null, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        Options = options ?? new RateLimitingOptions();
        if (Options.Store is { } store)
        {
            _shared = new SharedRateLimiter(store, SharedRateLimiter.BucketFor(innerClient, Options), Options, timeProvider ?? TimeProvider.System);
        }
        else
        {
            _limiter = new ProviderRateLimiter(PipelineServices.ProviderName(innerClient) ?? "unknown", Options, timeProvider ?? TimeProvider.System);
            _ownsLimiter = true;
        }
    }

    internal RateLimitingChatClient(IChatClient innerClient, ProviderRateLimiter limiter, RateLimitingOptions options)
        : base(innerClient)
    {
        Options = options;
        _limiter = limiter;
    }

    internal RateLimitingChatClient(IChatClient innerClient, SharedRateLimiter shared, RateLimitingOptions options)
        : base(innerClient)
    {
        Options = options;
        _shared = shared;
    }

    /// <summary>Gets the limits.</summary>
    public RateLimitingOptions Options { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        if (_shared is not null)
        {
            return await GetSharedResponseAsync(_shared, list, options, cancellationToken);
        }

        await _limiter!.AcquireAsync(EstimateTokens(list, options), cancellationToken);
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
        StreamObserver observer;
        if (_shared is not null)
        {
            observer = new SharedLimitObserver(_shared, await _shared.AcquireAsync(await EstimateTokensAsync(list, options, cancellationToken), cancellationToken));
        }
        else
        {
            await _limiter!.AcquireAsync(EstimateTokens(list, options), cancellationToken);
            observer = new LimitObserver(_limiter);
        }

        return await ObservedStream.OpenAsync(base.GetStreamingResponseAsync(list, options, cancellationToken), observer, cancellationToken);
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
            _limiter?.Dispose();
        }

        base.Dispose(disposing);
    }

    private static long EstimateTokens(IList<ChatMessage> messages, ChatOptions? options) =>
        TokenEstimator.Estimate(messages, options) + (options?.MaxOutputTokens ?? 0);

    /// <summary>The estimate a shared limit reserves: the inner client's local token counter when it has one (never a
    /// remote count, which would cost a request of its own), else the character estimate; plus <c>MaxOutputTokens</c>.</summary>
    private async ValueTask<long> EstimateTokensAsync(IList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) =>
        InnerClient.GetService<ILocalTokenCounter>() is { } counter
            ? await counter.CountTokensAsync(messages, options, cancellationToken) + (options?.MaxOutputTokens ?? 0)
            : EstimateTokens(messages, options);

    private async Task<ChatResponse> GetSharedResponseAsync(SharedRateLimiter shared, IList<ChatMessage> list, ChatOptions? options, CancellationToken cancellationToken)
    {
        var grant = await shared.AcquireAsync(await EstimateTokensAsync(list, options, cancellationToken), cancellationToken);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(list, options, cancellationToken);
        }
        catch (ProviderException ex)
        {
            await shared.SettleAsync(grant, null, null, ex);
            throw;
        }
        catch
        {
            await shared.SettleAsync(grant, new UsageDetails { TotalTokenCount = 0 }, null, null);
            throw;
        }

        await shared.SettleAsync(grant, response.Usage, ReadRateLimits(response.AdditionalProperties), null);
        return response;
    }

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

    /// <summary>Settles one stream's grant when it ends: to the usage it reported, or refunded when it failed before any.</summary>
    private sealed class SharedLimitObserver(SharedRateLimiter limiter, RateLimitGrant grant) : StreamObserver
    {
        private RateLimitInfo? _info;
        private UsageDetails? _usage;
        private ProviderException? _error;

        public override void OnUpdate(ChatResponseUpdate update)
        {
            _info ??= ReadRateLimits(update.AdditionalProperties);
            AddUsage(update, ref _usage);
        }

        public override void OnError(Exception error) => _error = error as ProviderException;

        public override void OnEnd(bool completed)
        {
            // The settlement corrects the window; the caller does not wait for it (the stores never throw from it).
            var usage = _usage ?? (completed || _error is not null ? null : new UsageDetails { TotalTokenCount = 0 });
            _ = limiter.SettleAsync(grant, usage, _info, _usage is null ? _error : null).AsTask();
        }
    }
}
