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
/// Turns on prompt caching for whichever provider is below, in the style the client reports through
/// <c>GetService&lt;PromptCachingStyle&gt;()</c> (never by provider name):
/// <list type="bullet">
/// <item><description><see cref="PromptCachingStyle.Breakpoints"/> (Anthropic): <see cref="CacheBreakpoint"/> hints after the instructions/tools block and at the last
/// user turn, within the 4-breakpoint limit and the model's minimum cacheable length; caller-placed hints are kept.</description></item>
/// <item><description><see cref="PromptCachingStyle.ContextCache"/> (Gemini, Vertex AI): a long stable prefix becomes an
/// explicit context cache (the client's <see cref="IContextCacheService"/>), reused by prefix hash, extended before it
/// expires and recreated once when a call fails with <see cref="ContextCacheNotFoundException"/>; requests then carry only the rest of the conversation plus
/// <see cref="AdditionalPropertyKeys.ContextCacheName"/>.</description></item>
/// <item><description><see cref="PromptCachingStyle.PromptCacheKey"/> (OpenAI and compatible providers): a
/// <see cref="AdditionalPropertyKeys.PromptCacheKey"/> derived from the stable prefix.</description></item>
/// <item><description><see cref="PromptCachingStyle.None"/> (Ollama, Cohere, any client that does not answer): requests
/// pass unchanged.</description></item>
/// </list>
/// Cache reads and writes show up in usage, so cost tracking reports the savings.
/// </summary>
public sealed partial class PromptCachingChatClient : DelegatingChatClient
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ContextCacheRegistry _registry;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="innerClient">The provider client.</param>
    /// <param name="options">The policy; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock context-cache lifetimes are judged by.</param>
    /// <param name="logger">Receives context-cache events.</param>
    public PromptCachingChatClient(IChatClient innerClient, PromptCachingOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(innerClient, options ?? new PromptCachingOptions(), timeProvider, logger, registry: null)
    {
    }

    internal PromptCachingChatClient(IChatClient innerClient, PromptCachingOptions options, TimeProvider? timeProvider, ILogger? logger, ContextCacheRegistry? registry)
        : base(innerClient)
    {
        Options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _registry = registry ?? new ContextCacheRegistry(Options.ContextCacheStore);
    }

    /// <summary>Gets the policy.</summary>
    public PromptCachingOptions Options { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var plan = await PlanAsync(list, options, cancellationToken);
        try
        {
            return await base.GetResponseAsync(plan.Messages, plan.Options, cancellationToken);
        }
        catch (ContextCacheNotFoundException) when (plan.CacheHash is not null)
        {
            plan = await ReplanAfterLossAsync(plan.CacheHash, list, options, cancellationToken);
            return await base.GetResponseAsync(plan.Messages, plan.Options, cancellationToken);
        }
    }

    /// <inheritdoc />
    /// <remarks>Planning runs when enumeration starts; once the first update has arrived, updates come straight from
    /// the inner stream.</remarks>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new DeferredStream<(PromptCachingChatClient Self, IEnumerable<ChatMessage> Messages, ChatOptions? Options)>(
            (this, messages, options), static (state, token) => state.Self.OpenStreamAsync(state.Messages, state.Options, token), cancellationToken);

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(PromptCachingOptions) ? Options : base.GetService(serviceType, serviceKey);
    }

    private async ValueTask<OpenedStream> OpenStreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var plan = await PlanAsync(list, options, cancellationToken);
        var enumerator = base.GetStreamingResponseAsync(plan.Messages, plan.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            return new OpenedStream(enumerator, await enumerator.MoveNextAsync());
        }
        catch (ContextCacheNotFoundException) when (plan.CacheHash is { } hash)
        {
            // Nothing was yielded yet, so the call can be repeated against a new cache.
            await enumerator.DisposeAsync();
            plan = await ReplanAfterLossAsync(hash, list, options, cancellationToken);
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }

        enumerator = base.GetStreamingResponseAsync(plan.Messages, plan.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            return new OpenedStream(enumerator, await enumerator.MoveNextAsync());
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }
    }

    private static ChatOptions WithProperty(ChatOptions? options, string key, object value)
    {
        var clone = options?.Clone() ?? new ChatOptions();
        clone.AdditionalProperties = options?.AdditionalProperties is { } props ? new AdditionalPropertiesDictionary(props) : [];
        clone.AdditionalProperties[key] = value;
        return clone;
    }

    private async Task<Plan> PlanAsync(IList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var style = InnerClient.GetService<PromptCachingStyle>();
        if (style == PromptCachingStyle.None)
        {
            return new Plan(messages, options, null);
        }

        // The provider name only keys the catalog's minimum cacheable length; it decides nothing here.
        var metadata = InnerClient.GetService<ChatClientMetadata>();
        var provider = metadata?.ProviderName;
        var model = options?.ModelId ?? metadata?.DefaultModelId;
        switch (style)
        {
            case PromptCachingStyle.Breakpoints:
                var (hinted, hintedOptions) = CacheBreakpointPlanner.AddHints(messages, options, MinTokens(provider, model), Options);
                return new Plan(hinted, hintedOptions, null);
            case PromptCachingStyle.ContextCache:
                return await PlanContextCacheAsync(messages, options, provider, model, cancellationToken) ?? new Plan(messages, options, null);
            case PromptCachingStyle.PromptCacheKey:
                return new Plan(messages, WithPromptCacheKey(messages, options, model), null);
            default:
                return new Plan(messages, options, null);
        }
    }

    private int MinTokens(string? provider, string? model) =>
        Options.Catalog.Find(provider, model)?.Capabilities.MinCacheableTokens ?? Options.DefaultMinCacheableTokens;

    private ChatOptions? WithPromptCacheKey(IList<ChatMessage> messages, ChatOptions? options, string? model)
    {
        if (!Options.SetPromptCacheKey || PipelineServices.GetString(options, AdditionalPropertyKeys.PromptCacheKey) is not null)
        {
            return options;
        }

        var system = messages.TakeWhile(m => m.Role == ChatRole.System).ToList();
        if (string.IsNullOrEmpty(options?.Instructions) && options?.Tools is not { Count: > 0 } && system.Count == 0)
        {
            return options; // no stable prefix worth routing on
        }

        var key = "llmadapters-" + PrefixHasher.Hash(model, options, system)[..32];
        return WithProperty(options, AdditionalPropertyKeys.PromptCacheKey, key);
    }

    /// <summary>The stable prefix ends after the last caller-hinted message, otherwise before the last user turn.</summary>
    private static int StablePrefixLength(IList<ChatMessage> messages)
    {
        CacheBreakpointPlanner.CountCallerHints(messages, null, out var lastHinted);
        if (lastHinted >= 0)
        {
            return lastHinted + 1;
        }

        return Math.Max(0, CacheBreakpointPlanner.LastUserTurn(messages));
    }

    private async Task<Plan?> PlanContextCacheAsync(IList<ChatMessage> messages, ChatOptions? options, string? provider, string? model, CancellationToken cancellationToken)
    {
        if (!Options.UseContextCaches || model is null || options?.ConversationId is not null
            || PipelineServices.GetString(options, AdditionalPropertyKeys.ContextCacheName) is not null
            || InnerClient.GetService<IContextCacheService>() is not { } service)
        {
            return null;
        }

        var split = StablePrefixLength(messages);
        if (split >= messages.Count)
        {
            return null; // the request would have no new content
        }

        var prefix = messages.Take(split).ToList();
        var tokens = TokenEstimator.EstimateOptions(options) + prefix.Sum(TokenEstimator.EstimateMessage);
        if (tokens < MinTokens(provider, model))
        {
            return null;
        }

        var hash = PrefixHasher.Hash(model, options, prefix);
        var entry = await GetOrCreateCacheAsync(service, hash, prefix, options, model, cancellationToken);

        // The cache holds instructions, tools and the prefix; the provider rejects them repeated next to it.
        var callOptions = WithProperty(options, AdditionalPropertyKeys.ContextCacheName, entry.Name);
        callOptions.Instructions = null;
        callOptions.Tools = null;
        callOptions.ToolMode = null;
        callOptions.ModelId = model;
        return new Plan([.. messages.Skip(split)], callOptions, hash);
    }

    private async Task<Plan> ReplanAfterLossAsync(string hash, IList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        LogCacheGone(_logger, hash[..12]);
        await _registry.RemoveAsync(hash, cancellationToken);
        return await PlanAsync(messages, options, cancellationToken);
    }

    private async Task<ContextCacheEntry> GetOrCreateCacheAsync(
        IContextCacheService service, string hash, List<ChatMessage> prefix, ChatOptions? options, string model, CancellationToken cancellationToken)
    {
        var gate = _registry.LockFor(hash);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = _timeProvider.GetUtcNow();
            var entry = await _registry.GetAsync(hash, cancellationToken);
            if (entry is not null && entry.ExpireTime > now)
            {
                if (entry.ExpireTime - now > Options.ContextCacheRefreshBefore)
                {
                    return entry;
                }

                try
                {
                    var refreshed = await service.UpdateTtlAsync(entry.Name, Options.ContextCacheTtl, cancellationToken);
                    await _registry.SetAsync(hash, refreshed, cancellationToken);
                    LogCacheRefreshed(_logger, refreshed.Name, refreshed.ExpireTime);
                    return refreshed;
                }
                catch (ContextCacheNotFoundException)
                {
                    // Deleted on the provider side before its time: create it again below.
                }
            }

            var creationOptions = options?.Clone() ?? new ChatOptions();
            creationOptions.ModelId = model;
            var created = await service.CreateAsync(prefix, creationOptions, Options.ContextCacheTtl, cancellationToken);
            await _registry.SetAsync(hash, created, cancellationToken);
            LogCacheCreated(_logger, created.Name, created.TokenCount, created.ExpireTime);
            return created;
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created context cache {Name} ({Tokens} tokens) until {ExpireTime}.")]
    private static partial void LogCacheCreated(ILogger logger, string name, int? tokens, DateTimeOffset expireTime);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Extended context cache {Name} until {ExpireTime}.")]
    private static partial void LogCacheRefreshed(ILogger logger, string name, DateTimeOffset expireTime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The provider no longer has the context cache for prefix {Hash}; recreating it once.")]
    private static partial void LogCacheGone(ILogger logger, string hash);

    private sealed record Plan(IList<ChatMessage> Messages, ChatOptions? Options, string? CacheHash);
}
