using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmAdapters.Gemini.Wire;

namespace LlmAdapters.Gemini;

/// <summary>
/// Decodes each SSE <c>data:</c> payload of <c>streamGenerateContent</c> into a <see cref="GeminiStreamChunk"/>, one instance
/// per stream. Chunks made only of the common fields (plain text and thought parts, finish reason, usage, ids) are read with
/// <see cref="Utf8JsonReader"/> without building DTOs: repeated ids are compared in place and reused, and an intermediate
/// chunk is left as soon as its parts are read once the ids are known (its running usage would be dropped anyway, see
/// <see cref="GeminiStreamChunk"/>). Anything else — function calls, inline data, errors, prompt feedback, fields newer
/// than this decoder — goes through the full DTO, which <see cref="FromWire"/> turns into the same chunk shape.
/// </summary>
internal sealed partial class GeminiStreamDecoder
{
    private string? _responseId;
    private string? _modelVersion;
    private DateTimeOffset? _createTime;
    private GeminiChunkHead _textHead = GeminiChunkHead.Empty;
    private GeminiChunkHead _thoughtHead = GeminiChunkHead.Empty with { Thought = true };

    public GeminiStreamChunk Decode(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data) => TryDecodeFast(data) ?? DecodeFull(data);

    /// <summary>Returns null when the chunk holds something the fast path does not model. Compiled fully optimized from the
    /// first call: a stream's first few thousand chunks would otherwise run on unoptimized code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private GeminiStreamChunk? TryDecodeFast(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var parts = default(FastParts);
        string? finishReason = null;
        GeminiUsage? usage = null;
        string? responseId = _responseId, modelVersion = _modelVersion;
        var createTime = _createTime;
        var sawCandidates = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("candidates"u8))
            {
                if (sawCandidates || !ReadCandidates(ref reader, ref parts, ref finishReason))
                {
                    return null;
                }

                sawCandidates = true;
                if (finishReason is null && parts.Count > 0 && _responseId is not null && _modelVersion is not null)
                {
                    // Gemini writes candidates first, then the running usage and the ids it already sent: done.
                    break;
                }
            }
            else if (reader.ValueTextEquals("usageMetadata"u8))
            {
                if (!ReadUsage(ref reader, out usage))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("modelVersion"u8))
            {
                if (!ReadCachedString(ref reader, ref modelVersion))
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("responseId"u8))
            {
                if (!ReadCachedString(ref reader, ref responseId))
                {
                    return null;
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

        _responseId = responseId;
        _modelVersion = modelVersion;
        _createTime = createTime;
        var chunk = new GeminiStreamChunk { Head = HeadFor(responseId, modelVersion, parts.IsThought), FinishReason = finishReason };
        parts.CopyTo(chunk);
        if (createTime is not null)
        {
            chunk.EnsureRest().CreateTime = createTime;
        }

        if (usage is not null && (parts.Count == 0 || finishReason is not null))
        {
            chunk.EnsureRest().Usage = usage;
        }

        return chunk;
    }

    private static bool ReadCachedString(ref Utf8JsonReader reader, ref string? cached)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (cached is null || !reader.ValueTextEquals(cached))
        {
            cached = reader.GetString();
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadCandidates(ref Utf8JsonReader reader, ref FastParts parts, ref string? finishReason)
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
                    if (!ReadContent(ref reader, ref parts))
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
    private static bool ReadContent(ref Utf8JsonReader reader, ref FastParts parts)
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
                    if (!ReadPart(ref reader, ref parts))
                    {
                        return false;
                    }
                }
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads one plain part (the reader is on its StartObject and ends on its EndObject); false for any other kind.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadPart(ref Utf8JsonReader reader, ref FastParts parts)
    {
        string? text = null;
        string? signature = null;
        bool? thought = null;
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
                thought = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => null,
                };
            }
            else if (reader.ValueTextEquals("thoughtSignature"u8))
            {
                reader.Read();
                signature = reader.GetString();
            }
            else
            {
                // functionCall, inlineData, executableCode …: the full path reads the chunk.
                return false;
            }
        }

        if (text is null && thought != true)
        {
            return false;
        }

        parts.Add(text, thought, signature);
        return true;
    }

    /// <summary>Reads usage into a DTO; false when it is not an object.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadUsage(ref Utf8JsonReader reader, out GeminiUsage? usage)
    {
        usage = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        usage = JsonSerializer.Deserialize(ref reader, GeminiJsonContext.Default.GeminiUsage);
        if (usage is not null && !HasCounts(usage))
        {
            usage = null;
        }

        return true;
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

    /// <summary>The plain parts of one chunk: the first kept in fields, a list only from the second on.</summary>
    private struct FastParts
    {
        private string? _text;
        private bool? _thought;
        private string? _signature;
        private List<GeminiPart>? _list;

        public int Count { get; private set; }

        /// <summary>Gets a value indicating whether the chunk's one flattened part is a thought.</summary>
        public readonly bool IsThought => _list is null && Count == 1 && _thought == true;

        public void Add(string? text, bool? thought, string? signature)
        {
            if (Count == 0)
            {
                (_text, _thought, _signature) = (text, thought, signature);
            }
            else
            {
                _list ??= [new GeminiPart { Text = _text, Thought = _thought, ThoughtSignature = _signature }];
                _list.Add(new GeminiPart { Text = text, Thought = thought, ThoughtSignature = signature });
            }

            Count++;
        }

        public readonly void CopyTo(GeminiStreamChunk chunk)
        {
            if (_list is not null)
            {
                chunk.EnsureRest().Parts = _list;
            }
            else if (Count == 1)
            {
                chunk.Text = _text;
                chunk.ThoughtSignature = _signature;
            }
        }
    }
}
