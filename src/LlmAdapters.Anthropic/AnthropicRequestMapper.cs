using System;
using System.Collections.Generic;
using System.Globalization;
using LlmAdapters.Anthropic.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic;

/// <summary>A mapped Messages request plus what the response mappers need to know about it.</summary>
/// <param name="Body">The wire body.</param>
/// <param name="StructuredOutputTool">The forced tool whose input is the answer, when structured output uses a tool call.</param>
/// <param name="UsesFiles">Whether the request references uploaded files (needs the files beta flag).</param>
/// <param name="Betas">The beta flags the request's server tools need (code execution, web fetch, MCP connector), if any.</param>
internal sealed record AnthropicRequest(MessagesRequest Body, string? StructuredOutputTool, bool UsesFiles, IReadOnlyList<string>? Betas = null);

/// <summary>
/// MEAI messages and options → the Messages API request (pure; no I/O). Validates everything the API would
/// reject with a 400 that the caller can fix (missing model, thinking constraints, too many cache breakpoints).
/// </summary>
internal static partial class AnthropicRequestMapper
{
    /// <summary>The smallest thinking budget the API accepts.</summary>
    public const int MinThinkingBudget = 1024;

    private const int MaxCacheBreakpoints = 4;

    public static AnthropicRequest ToWireRequest(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        AnthropicOptions clientOptions,
        string model,
        bool stream)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var body = new MessagesRequest { Model = model };

        var usesFiles = false;
        MapSystemAndMessages(messages, options, body, ref usesFiles);

        if (options is not null)
        {
            body.StopSequences ??= options.StopSequences is { Count: > 0 } stops ? [.. stops] : null;
            body.Temperature ??= Widen(options.Temperature);
            body.TopP ??= Widen(options.TopP);
            body.TopK ??= options.TopK;
        }

        body.MaxTokens ??= options?.MaxOutputTokens ?? clientOptions.DefaultMaxOutputTokens ?? AnthropicModels.DefaultMaxOutputTokens(model);
        if (body.MaxTokens <= 0)
        {
            throw new ArgumentException($"max_tokens must be positive, but {body.MaxTokens} was given in ChatOptions.MaxOutputTokens or AnthropicOptions.DefaultMaxOutputTokens.", nameof(options));
        }

        MapThinking(options, body);
        var betas = MapTools(options, body);
        var structuredTool = MapResponseFormat(options, clientOptions, body);
        ValidateThinkingConstraints(body, structuredTool);
        ValidateCacheBreakpoints(body);

        if (stream)
        {
            body.Stream = true;
        }

        return new AnthropicRequest(body, structuredTool, usesFiles, betas);
    }

    /// <summary>Turns a chat request into a <c>count_tokens</c> request: the same prompt without the fields that
    /// endpoint does not accept.</summary>
    public static AnthropicRequest ToCountTokensRequest(AnthropicRequest request)
    {
        var body = request.Body;
        body.MaxTokens = null;
        body.Stream = null;
        body.Temperature = null;
        body.TopP = null;
        body.TopK = null;
        body.StopSequences = null;
        return request;
    }

    private static void MapThinking(ChatOptions? options, MessagesRequest body)
    {
        if (body.Thinking is not null || options is null)
        {
            return;
        }

        int? budget = null;
        if (options.AdditionalProperties?.TryGetValue(AdditionalPropertyKeys.ReasoningBudgetTokens, out int explicitBudget) == true)
        {
            if (explicitBudget <= 0)
            {
                return;
            }

            if (explicitBudget < MinThinkingBudget)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The thinking budget {explicitBudget} (AdditionalPropertyKeys.ReasoningBudgetTokens) is below Anthropic's minimum of {MinThinkingBudget} tokens; use at least {MinThinkingBudget}, or 0 to turn thinking off."),
                    nameof(options));
            }

            budget = explicitBudget;
        }
        else if (options.Reasoning?.Effort is { } effort)
        {
            budget = BudgetFor(effort);
        }

        if (budget is not { } tokens)
        {
            return;
        }

        body.Thinking = new WireThinking
        {
            Type = "enabled",
            BudgetTokens = tokens,
            Display = options.Reasoning?.Output == ReasoningOutput.None ? "omitted" : null,
        };

        // budget_tokens must be below max_tokens: keep the requested room for the visible answer on top of the budget.
        if (body.MaxTokens <= tokens)
        {
            body.MaxTokens = tokens + body.MaxTokens;
        }
    }

    /// <summary>The thinking budget for a reasoning effort (documented in the README).</summary>
    public static int? BudgetFor(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => null,
        ReasoningEffort.Low => 1024,
        ReasoningEffort.Medium => 4096,
        ReasoningEffort.High => 16384,
        _ => 32768,
    };

    private static void ValidateThinkingConstraints(MessagesRequest body, string? structuredTool)
    {
        if (body.Thinking is not { Type: "enabled" or "adaptive" })
        {
            return;
        }

        const string Fix = " Remove the option or turn reasoning off (ChatOptions.Reasoning = null).";
        if (body.Temperature is { } t && t != 1.0)
        {
            throw Invalid(
                string.Create(CultureInfo.InvariantCulture, $"Anthropic does not allow changing the temperature ({t}) while extended thinking is on.{Fix}"),
                "options");
        }

        if (body.TopK is not null)
        {
            throw Invalid($"Anthropic does not allow top_k while extended thinking is on.{Fix}", "options");
        }

        if (body.TopP is { } p && p < 0.95)
        {
            throw Invalid(
                string.Create(CultureInfo.InvariantCulture, $"Anthropic only allows top_p between 0.95 and 1 while extended thinking is on, but {p} was given.{Fix}"),
                "options");
        }

        if (structuredTool is not null)
        {
            throw Invalid(
                "Structured output through a forced tool call cannot be combined with extended thinking. Use AnthropicStructuredOutputMode.Native with a model that supports output_config.format, or turn reasoning off.",
                "options");
        }

        if (body.ToolChoice is { Type: "any" or "tool" })
        {
            throw Invalid(
                "Anthropic does not allow forcing a tool call (ChatToolMode.RequireAny or RequireSpecific) while extended thinking is on. Use ChatToolMode.Auto or turn reasoning off.",
                "options");
        }
    }

    private static void ValidateCacheBreakpoints(MessagesRequest body)
    {
        var count = 0;
        foreach (var tool in body.Tools ?? [])
        {
            count += tool.CacheControl is null ? 0 : 1;
        }

        count += Count(body.System);
        foreach (var message in body.Messages ?? [])
        {
            count += Count(message.Content);
        }

        if (count > MaxCacheBreakpoints)
        {
            throw Invalid(
                string.Create(CultureInfo.InvariantCulture, $"The request has {count} prompt-cache breakpoints, but Anthropic allows at most {MaxCacheBreakpoints} per request. Remove some WithCacheBreakpoint hints (tools, instructions, messages and contents all count)."),
                "messages");
        }

        static int Count(List<ContentBlock>? blocks)
        {
            var n = 0;
            foreach (var block in blocks ?? [])
            {
                n += block.CacheControl is null ? 0 : 1;
                if (block.Content is { } nested)
                {
                    n += Count(nested);
                }
            }

            return n;
        }
    }

    // ChatOptions holds floats: 0.9f would otherwise go out as 0.8999999761581421.
    private static double? Widen(float? value) => value is { } v ? Math.Round(v, 6) : null;

    private static ArgumentException Invalid(string message, string paramName) => new(message, paramName);

    internal static CacheControl ToCacheControl(CacheBreakpoint breakpoint) => new()
    {
        // The API knows two lifetimes; anything longer than five minutes asks for the one-hour cache.
        Ttl = breakpoint.Ttl is not { } ttl ? null : ttl <= TimeSpan.FromMinutes(5) ? "5m" : "1h",
    };
}
