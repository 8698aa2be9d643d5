using LlmAdapters.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>What a stream remembers between chunks.</summary>
internal sealed class GeminiStreamState(string provider, string requestedModel)
{
    public string Provider { get; } = provider;

    public string RequestedModel { get; } = requestedModel;

    public int CallIndex { get; set; }

    /// <summary>Gets or sets the newest usage: chunks repeat running totals, so only the last one counts.</summary>
    public GeminiUsage? Usage { get; set; }

    /// <summary>Gets or sets a value indicating whether a chunk carried the finish reason (or a prompt block), which is how a
    /// Gemini stream says it is complete; EOF without it means the connection was cut.</summary>
    public bool Finished { get; set; }

    public string? ResponseId { get; set; }

    public string? ModelId { get; set; }
}

/// <summary>Streamed chunks (<c>:streamGenerateContent?alt=sse</c>) → <see cref="ChatResponseUpdate"/>s. Pure.</summary>
internal static class GeminiStreamMapper
{
    public static ChatResponseUpdate FromStreamEvent(GeminiResponse chunk, GeminiStreamState state)
    {
        if (chunk.ResponseId is { } id)
        {
            state.ResponseId = id;
        }

        if (chunk.ModelVersion is { } model)
        {
            state.ModelId = model;
        }

        if (chunk.UsageMetadata is { } usage && HasCounts(usage))
        {
            state.Usage = usage;
        }

        var candidate = chunk.Candidates is { Count: > 0 } candidates ? candidates[0] : null;
        List<AIContent> contents;
        var hasCalls = false;
        if (candidate?.Content?.Parts is { Count: > 0 } parts)
        {
            contents = new List<AIContent>(parts.Count);
            var index = state.CallIndex;
            foreach (var part in parts)
            {
                var content = GeminiResponseMapper.FromWirePart(part, state.ResponseId, ref index, state.Provider);
                hasCalls |= content is FunctionCallContent;
                contents.Add(content);
            }

            state.CallIndex = index;
        }
        else
        {
            contents = [];
        }

        var update = new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = state.ResponseId,
            MessageId = state.ResponseId,
            ModelId = state.ModelId ?? state.RequestedModel,
            CreatedAt = chunk.CreateTime,
            RawRepresentation = chunk,
        };

        if (candidate?.FinishReason is not null || chunk.PromptFeedback?.BlockReason is not null)
        {
            state.Finished = true;
            update.FinishReason = GeminiResponseMapper.FinishReasonOf(candidate?.FinishReason, hasCalls || state.CallIndex > 0, chunk.PromptFeedback?.BlockReason);
            if (GeminiResponseMapper.BlockedContent(candidate, chunk.PromptFeedback, contents.Count == 0) is { } blocked)
            {
                contents.Add(blocked);
            }
        }

        return update;
    }

    /// <summary>The closing update: the usage, once, from the last chunk that reported it.</summary>
    public static ChatResponseUpdate? Final(GeminiStreamState state)
    {
        if (state.Usage is not { } usage)
        {
            return null;
        }

        return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(GeminiResponseMapper.UsageOf(usage)) { RawRepresentation = usage }])
        {
            ResponseId = state.ResponseId,
            MessageId = state.ResponseId,
            ModelId = state.ModelId ?? state.RequestedModel,
        };
    }

    // Vertex sends intermediate usage blocks holding only trafficType.
    private static bool HasCounts(GeminiUsage usage) =>
        usage.PromptTokenCount is not null || usage.CandidatesTokenCount is not null || usage.TotalTokenCount is not null;
}
