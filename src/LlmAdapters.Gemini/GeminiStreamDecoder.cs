using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmAdapters.Gemini.Wire;
using LlmAdapters.Http;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>What a fast-path stream update carries as its raw representation: the facts read from the chunk.</summary>
/// <param name="FinishReason">The chunk's <c>finishReason</c>, if any.</param>
/// <param name="ResponseId">The chunk's <c>responseId</c>.</param>
/// <param name="ModelVersion">The chunk's <c>modelVersion</c>.</param>
internal sealed record GeminiStreamChunk(string? FinishReason, string? ResponseId, string? ModelVersion);

/// <summary>
/// Decodes each SSE <c>data:</c> payload of <c>streamGenerateContent</c> straight from its UTF-8 bytes into a
/// <see cref="ChatResponseUpdate"/>. Chunks made only of the common fields (text and thought parts, finish reason, running
/// usage, ids) are read with <see cref="Utf8JsonReader"/> without building DTOs: repeated ids are compared in place and
/// reused, usage is kept as numbers until the end, and an intermediate chunk is left as soon as its parts are read (its
/// running usage is superseded by the finishing chunk's). Parts of other kinds are deserialized one by one; a chunk with
/// anything unrecognised is deserialized whole, so nothing is dropped.
/// </summary>
internal sealed class GeminiStreamDecoder(GeminiStreamState state, ProviderTransport transport, string? requestId)
{
    private readonly GeminiUsage _usage = new();

    public ChatResponseUpdate Decode(string eventType, ReadOnlySpan<byte> data)
    {
        var callIndex = state.CallIndex;
        if (TryDecodeFast(data) is { } update)
        {
            return update;
        }

        state.CallIndex = callIndex;
        return DecodeSlow(data);
    }

    private ChatResponseUpdate DecodeSlow(ReadOnlySpan<byte> data)
    {
        var chunk = JsonSerializer.Deserialize(data, GeminiJsonContext.Default.GeminiResponse)
            ?? throw new JsonException("A stream chunk was the JSON literal null.");
        if (chunk.Error is { } error)
        {
            throw transport.StreamError(GeminiErrors.FromError(error), requestId);
        }

        return GeminiStreamMapper.FromStreamEvent(chunk, state);
    }

    /// <summary>Returns null when the chunk holds something the fast path does not model. The hot path is compiled fully
    /// optimized from the first call: a stream's first few thousand chunks would otherwise run on unoptimized code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ChatResponseUpdate? TryDecodeFast(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var hadResponseId = state.ResponseId is not null;
        List<AIContent>? contents = null;
        string? finishReason = null;
        DateTimeOffset? createTime = null;
        var hasCalls = false;
        var sawCandidates = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("candidates"u8))
            {
                if (sawCandidates || !ReadCandidates(ref reader, ref contents, ref finishReason, ref hasCalls))
                {
                    return null;
                }

                sawCandidates = true;
                if (finishReason is null && hadResponseId && state.ModelId is not null)
                {
                    // Gemini writes candidates first, then the running usage and the ids it already sent. Usage is cumulative,
                    // so only the finishing chunk's counts matter; an intermediate chunk is done once its parts are read.
                    break;
                }
            }
            else if (reader.ValueTextEquals("usageMetadata"u8))
            {
                if (!ReadUsage(ref reader))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("modelVersion"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                if (state.ModelId is null || !reader.ValueTextEquals(state.ModelId))
                {
                    state.ModelId = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("responseId"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                if (state.ResponseId is null || !reader.ValueTextEquals(state.ResponseId))
                {
                    state.ResponseId = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("createTime"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var created))
                {
                    return null;
                }

                createTime = created;
            }
            else
            {
                // error, promptFeedback or a field newer than this decoder: take the full path.
                return null;
            }
        }

        if (contents is { Count: > 0 } && !hadResponseId)
        {
            // Generated call ids depend on the response id, which may come after the candidates; let the full path order it.
            foreach (var c in contents)
            {
                if (c is FunctionCallContent)
                {
                    return null;
                }
            }
        }

        var update = new ChatResponseUpdate(ChatRole.Assistant, contents ?? [])
        {
            ResponseId = state.ResponseId,
            MessageId = state.ResponseId,
            ModelId = state.ModelId ?? state.RequestedModel,
            CreatedAt = createTime,
            RawRepresentation = new GeminiStreamChunk(finishReason, state.ResponseId, state.ModelId),
        };
        if (finishReason is not null)
        {
            state.Finished = true;
            update.FinishReason = GeminiResponseMapper.FinishReasonOf(finishReason, hasCalls || state.CallIndex > 0, null);
            if (contents is null or { Count: 0 } && update.FinishReason == ChatFinishReason.ContentFilter)
            {
                // Let the full path build the explanatory ErrorContent.
                return null;
            }
        }

        return update;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadCandidates(ref Utf8JsonReader reader, ref List<AIContent>? contents, ref string? finishReason, ref bool hasCalls)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (index++ > 0)
            {
                // candidateCount is 1; a second candidate is unexpected, let the full path keep the first.
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("content"u8))
                {
                    if (!ReadContent(ref reader, ref contents, ref hasCalls))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("finishReason"u8))
                {
                    reader.Read();
                    finishReason = KnownFinishReason(ref reader);
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                }
                else
                {
                    return false;
                }
            }
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadContent(ref Utf8JsonReader reader, ref List<AIContent>? contents, ref bool hasCalls)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
            }
            else if (reader.ValueTextEquals("parts"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    var content = ReadPart(ref reader);
                    hasCalls |= content is FunctionCallContent;
                    (contents ??= new List<AIContent>(1)).Add(content);
                }
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads one part (the reader is on its StartObject and ends on its EndObject).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private AIContent ReadPart(ref Utf8JsonReader reader)
    {
        var start = reader;
        string? text = null;
        string? signature = null;
        var thought = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                text = reader.GetString();
            }
            else if (reader.ValueTextEquals("thought"u8))
            {
                reader.Read();
                thought = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.ValueTextEquals("thoughtSignature"u8))
            {
                reader.Read();
                signature = reader.GetString();
            }
            else
            {
                // functionCall, inlineData, executableCode …: read the whole part as a DTO from its start.
                reader = start;
                var part = JsonSerializer.Deserialize(ref reader, GeminiJsonContext.Default.GeminiPart)!;
                var callIndex = state.CallIndex;
                var content = GeminiResponseMapper.FromWirePart(part, state.ResponseId, ref callIndex, state.Provider);
                state.CallIndex = callIndex;
                return content;
            }
        }

        if (thought)
        {
            return new TextReasoningContent(text ?? string.Empty) { ProtectedData = signature };
        }

        if (signature is null)
        {
            return new TextContent(text);
        }

        var wire = new GeminiPart { Text = text, ThoughtSignature = signature };
        var index = state.CallIndex;
        return GeminiResponseMapper.FromWirePart(wire, state.ResponseId, ref index, state.Provider);
    }

    /// <summary>Reads running usage into numbers; only a block with counts replaces the last one (Vertex sends trafficType alone).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadUsage(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        int? prompt = null, candidates = null, thoughts = null, total = null, cached = null, toolUse = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("promptTokenCount"u8))
            {
                prompt = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("candidatesTokenCount"u8))
            {
                candidates = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("thoughtsTokenCount"u8))
            {
                thoughts = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("totalTokenCount"u8))
            {
                total = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("cachedContentTokenCount"u8))
            {
                cached = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("toolUsePromptTokenCount"u8))
            {
                toolUse = ReadInt(ref reader);
            }
            else
            {
                // Per-modality details and trafficType are informational.
                reader.Read();
                reader.Skip();
            }
        }

        if (prompt is not null || candidates is not null || total is not null)
        {
            _usage.PromptTokenCount = prompt;
            _usage.CandidatesTokenCount = candidates;
            _usage.ThoughtsTokenCount = thoughts;
            _usage.TotalTokenCount = total;
            _usage.CachedContentTokenCount = cached;
            _usage.ToolUsePromptTokenCount = toolUse;
            state.Usage = _usage;
        }

        return true;
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetInt32();
    }

    private static string? KnownFinishReason(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        return reader.ValueTextEquals("STOP"u8) ? "STOP"
            : reader.ValueTextEquals("MAX_TOKENS"u8) ? "MAX_TOKENS"
            : reader.ValueTextEquals("SAFETY"u8) ? "SAFETY"
            : reader.GetString();
    }
}
