using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>
/// A cheap, provider-independent estimate of prompt size: about four characters of English text per token.
/// Used only where the provider's own count (<see cref="ITokenCounter"/>) is unavailable or too costly to ask for.
/// </summary>
internal static class TokenEstimator
{
    private const int CharsPerToken = 4;

    /// <summary>Tokens assumed for a non-text part (image, audio, document) when the size cannot be inferred.</summary>
    private const int MediaTokens = 1000;

    public static long Estimate(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        EstimateOptions(options) + messages.Sum(EstimateMessage);

    public static long EstimateOptions(ChatOptions? options)
    {
        if (options is null)
        {
            return 0;
        }

        long chars = options.Instructions?.Length ?? 0;
        if (options.Tools is { } tools)
        {
            foreach (var tool in tools)
            {
                chars += tool.Name.Length + (tool.Description?.Length ?? 0);
                if (tool is AIFunctionDeclaration function)
                {
                    chars += function.JsonSchema.ValueKind == JsonValueKind.Undefined ? 0 : function.JsonSchema.GetRawText().Length;
                }
            }
        }

        return Tokens(chars);
    }

    public static long EstimateMessage(ChatMessage message)
    {
        long chars = 4; // role and framing
        long media = 0;
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    chars += text.Text?.Length ?? 0;
                    break;
                case TextReasoningContent reasoning:
                    chars += reasoning.Text?.Length ?? 0;
                    break;
                case FunctionCallContent call:
                    chars += call.Name.Length + (call.Arguments is null ? 0 : call.Arguments.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 4)));
                    break;
                case FunctionResultContent result:
                    chars += result.Result?.ToString()?.Length ?? 0;
                    break;
                case DataContent data when data.HasTopLevelMediaType("text"):
                    chars += data.Data.Length;
                    break;
                case DataContent or UriContent:
                    media += MediaTokens;
                    break;
            }
        }

        return Tokens(chars) + media;
    }

    private static long Tokens(long chars) => (chars + CharsPerToken - 1) / CharsPerToken;
}
