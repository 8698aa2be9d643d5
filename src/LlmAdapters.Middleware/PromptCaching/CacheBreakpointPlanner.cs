using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>
/// Places provider-neutral <see cref="CacheBreakpoint"/> hints by policy: one after the instructions/system + tools
/// block and one at the last user turn, each only when the prefix it closes reaches the model's minimum cacheable
/// length, never more than the provider's limit counting the caller's own hints, and never over a caller's hint.
/// Pure: the input messages and options are not modified.
/// </summary>
internal static class CacheBreakpointPlanner
{
    public static (IList<ChatMessage> Messages, ChatOptions? Options) AddHints(IList<ChatMessage> messages, ChatOptions? options, int minTokens, PromptCachingOptions settings)
    {
        var budget = settings.MaxBreakpoints - CountCallerHints(messages, options, out var lastHintedMessage);
        if (budget <= 0)
        {
            return (messages, options);
        }

        var ttl = settings.BreakpointTtl;
        var optionsTokens = TokenEstimator.EstimateOptions(options);
        var leadingSystem = 0;
        while (leadingSystem < messages.Count && messages[leadingSystem].Role == ChatRole.System)
        {
            leadingSystem++;
        }

        var resultOptions = options;
        var callerPlacedOptionHint = options is not null
            && (options.TryGetCacheBreakpoint(AdditionalPropertyKeys.InstructionsCacheBreakpoint, out _) || options.TryGetCacheBreakpoint(AdditionalPropertyKeys.ToolsCacheBreakpoint, out _));
        if (settings.CacheInstructionsAndTools && !callerPlacedOptionHint)
        {
            var hasSystem = !string.IsNullOrEmpty(options?.Instructions) || leadingSystem > 0;
            var hasTools = options?.Tools is { Count: > 0 };
            var blockTokens = optionsTokens + messages.Take(leadingSystem).Sum(TokenEstimator.EstimateMessage);
            if ((hasSystem || hasTools) && blockTokens >= minTokens)
            {
                resultOptions = options?.Clone() ?? new ChatOptions();
                resultOptions.AdditionalProperties = options?.AdditionalProperties is { } props ? new AdditionalPropertiesDictionary(props) : [];

                // Anthropic orders the prefix tools → system → messages: a mark after the system block covers the tools too.
                _ = hasSystem ? resultOptions.WithInstructionsCacheBreakpoint(ttl) : resultOptions.WithToolsCacheBreakpoint(ttl);
                budget--;
            }
        }

        var resultMessages = messages;
        var lastUserTurn = LastUserTurn(messages);
        if (settings.CacheConversationPrefix && budget > 0 && lastUserTurn >= leadingSystem && lastHintedMessage < lastUserTurn)
        {
            var prefixTokens = optionsTokens + messages.Take(lastUserTurn + 1).Sum(TokenEstimator.EstimateMessage);
            if (prefixTokens >= minTokens)
            {
                var copy = new List<ChatMessage>(messages);
                var marked = messages[lastUserTurn].Clone();
                marked.AdditionalProperties = marked.AdditionalProperties is { } props ? new AdditionalPropertiesDictionary(props) : [];
                copy[lastUserTurn] = marked.WithCacheBreakpoint(ttl);
                resultMessages = copy;
            }
        }

        return (resultMessages, resultOptions);
    }

    /// <summary>The last user turn: a user message or tool results (which Anthropic sends as a user turn).</summary>
    public static int LastUserTurn(IList<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User || messages[i].Role == ChatRole.Tool)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Counts the hints the caller placed, and finds the last message that carries one (or -1).</summary>
    public static int CountCallerHints(IList<ChatMessage> messages, ChatOptions? options, out int lastHintedMessage)
    {
        var count = 0;
        lastHintedMessage = -1;
        if (options is not null)
        {
            count += options.TryGetCacheBreakpoint(AdditionalPropertyKeys.InstructionsCacheBreakpoint, out _) ? 1 : 0;
            count += options.TryGetCacheBreakpoint(AdditionalPropertyKeys.ToolsCacheBreakpoint, out _) ? 1 : 0;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var hints = (messages[i].TryGetCacheBreakpoint(out _) ? 1 : 0) + messages[i].Contents.Count(c => c.TryGetCacheBreakpoint(out _));
            if (hints > 0)
            {
                count += hints;
                lastHintedMessage = i;
            }
        }

        return count;
    }
}
