using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace LlmAdapters.OpenAI;

/// <summary>
/// Counts Chat Completions input tokens in this process with OpenAI's own encodings (<c>o200k_base</c> for the GPT-4o,
/// GPT-4.1, GPT-5 and o-series families, <c>cl100k_base</c> for GPT-4 and GPT-3.5) and OpenAI's documented counting rules:
/// three tokens of framing per message, one more when it carries a name, three that prime the reply; function
/// definitions with their documented per-function, per-property and per-enum overheads; images by the tile rule.
/// </summary>
/// <remarks>What the rules do not document is estimated: tool calls and results inside the conversation are counted as
/// their name and JSON, images given by URL (whose size is unknown) as a 2×2-tile high-detail image. A model outside the
/// OpenAI families is counted with <c>o200k_base</c> as an estimate; <see cref="IsExactFor"/> tells which.</remarks>
internal sealed class OpenAITokenCounter(Func<ChatOptions?, string?> resolveModel, Func<string, bool> usesDeveloperRole) : ILocalTokenCounter
{
    private const int TokensPerMessage = 3;
    private const int TokensPerName = 1;
    private const int ReplyPriming = 3;

    private static readonly Lazy<Tokenizer> s_o200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly Lazy<Tokenizer> s_cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    /// <summary>The model families on <c>o200k_base</c>, by id prefix.</summary>
    private static readonly string[] s_o200kFamilies = ["gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "gpt-oss", "codex"];

    /// <summary>The model families on <c>cl100k_base</c>, by id prefix (checked after the o200k ones: "gpt-4o" starts with "gpt-4").</summary>
    private static readonly string[] s_cl100kFamilies = ["gpt-4", "gpt-3.5", "gpt-35"];

    /// <inheritdoc />
    public Task<int> CountTokensAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var model = resolveModel(options) ?? string.Empty;
        return Task.FromResult(Count(model, messages, options, usesDeveloperRole(model)));
    }

    /// <inheritdoc />
    public bool IsExactFor(string modelId) => Family(modelId) is not null;

    /// <summary>The tokenizer for <paramref name="model"/>'s family; <c>o200k_base</c> for a model of no known family.</summary>
    internal static Tokenizer TokenizerFor(string model) => Family(model) == "cl100k_base" ? s_cl100k.Value : s_o200k.Value;

    internal static int Count(string model, IEnumerable<ChatMessage> messages, ChatOptions? options, bool developerRole)
    {
        var tokenizer = TokenizerFor(model);
        var total = ReplyPriming;
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            total += TokensPerMessage + tokenizer.CountTokens(developerRole ? "developer" : "system") + tokenizer.CountTokens(options.Instructions);
        }

        foreach (var message in messages)
        {
            total += TokensPerMessage + tokenizer.CountTokens(RoleOf(message.Role, developerRole));
            if (!string.IsNullOrEmpty(message.AuthorName))
            {
                total += TokensPerName + tokenizer.CountTokens(message.AuthorName);
            }

            foreach (var content in message.Contents)
            {
                total += CountContent(tokenizer, model, content);
            }
        }

        if (options?.Tools is { Count: > 0 } tools)
        {
            total += OpenAIToolTokenRules.Count(tokenizer, model, tools);
        }

        return total;
    }

    private static int CountContent(Tokenizer tokenizer, string model, AIContent content) => content switch
    {
        TextContent text => tokenizer.CountTokens(text.Text ?? string.Empty),
        DataContent data when data.HasTopLevelMediaType("image") => OpenAIImageTokenRules.Count(model, data.Data.Span, Detail(data)),
        UriContent uri when uri.HasTopLevelMediaType("image") => OpenAIImageTokenRules.Count(model, default, Detail(uri)),
        FunctionCallContent call => tokenizer.CountTokens(call.Name) + tokenizer.CountTokens(
            call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)))),
        FunctionResultContent result => tokenizer.CountTokens(result.Result switch
        {
            null => string.Empty,
            string s => s,
            JsonElement e => e.GetRawText(),
            var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))),
        }),
        _ => 0,
    };

    private static string? Detail(AIContent content) =>
        content.AdditionalProperties is { } props && props.TryGetValue("detail", out var value) ? value?.ToString() : null;

    private static string RoleOf(ChatRole role, bool developerRole) =>
        role == ChatRole.System && developerRole ? "developer" : role.Value;

    private static string? Family(string model)
    {
        var id = model.Contains('/', StringComparison.Ordinal) ? model[(model.LastIndexOf('/') + 1)..] : model;
        if (s_o200kFamilies.Any(prefix => id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            return "o200k_base";
        }

        return s_cl100kFamilies.Any(prefix => id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) ? "cl100k_base" : null;
    }
}
