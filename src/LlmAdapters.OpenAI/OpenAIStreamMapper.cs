using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using LlmAdapters.OpenAI.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>
/// Turns decoded chunks into <see cref="ChatResponseUpdate"/>s for one stream: text and reasoning pass straight
/// through; tool-call fragments are assembled per call and emitted whole when the choice finishes; refusal text is
/// collected into one <see cref="ErrorContent"/>; the last usage seen is emitted once at the end.
/// </summary>
internal sealed class OpenAIStreamMapper(OpenAICompatibility compat) : StreamMapper<OpenAIStreamChunk>
{
    private readonly List<ToolCallBuilder> _calls = [];
    private Dictionary<int, int>? _indexToCall;
    private StringBuilder? _refusal;
    private List<ReasoningDetail>? _reasoningDetails;
    private WireUsage? _usage;
    private OpenAIStreamChunk? _usageChunk;
    private string? _lastId;
    private string? _lastModel;
    private DateTimeOffset? _lastCreated;
    private string? _serviceTier;

    public override string TerminalEvent => "its [DONE] event";

    public override bool TryGetError(OpenAIStreamChunk chunk, out ProviderErrorInfo error)
    {
        error = chunk.Error.GetValueOrDefault();
        return chunk.Error is not null;
    }

    /// <summary>Maps one chunk; returns <see langword="null"/> when the chunk carries nothing to surface yet.</summary>
    public override ChatResponseUpdate? FromStreamEvent(OpenAIStreamChunk chunk)
    {
        if (chunk.IsDone)
        {
            IsComplete = true;
            StopReading = true;
            return null;
        }

        if (chunk.Usage is not null)
        {
            // Usage arrives on the finish chunk (DeepSeek, Mistral, Groq) or on a trailing chunk with no choices (OpenAI); keep the last.
            _usage = chunk.Usage;
            _usageChunk = chunk;
        }

        if (!string.IsNullOrEmpty(chunk.Id))
        {
            _lastId = chunk.Id;
        }

        if (!string.IsNullOrEmpty(chunk.Model))
        {
            _lastModel = chunk.Model;
        }

        if (chunk.ServiceTier is not null)
        {
            // OpenAI repeats service_tier on every chunk; it is reported once, on the final update, as in the non-streaming response.
            _serviceTier = chunk.ServiceTier;
        }

        if (WireValues.UnixSeconds(chunk.Created) is { } created)
        {
            _lastCreated = created;
        }

        if (!chunk.HasChoice)
        {
            // Azure's prompt_filter_results chunk and the usage-only chunk carry no choice.
            return null;
        }

        if (chunk.ToolCalls is { } fragments)
        {
            foreach (var fragment in fragments)
            {
                Accumulate(fragment);
            }
        }

        if (chunk.ReasoningDetails is { } details)
        {
            AccumulateReasoningDetails(details);
        }

        if (chunk.Refusal is { Length: > 0 } refusal)
        {
            (_refusal ??= new StringBuilder()).Append(refusal);
        }

        IList<AIContent>? contents = null;
        if (chunk.Reasoning is { Length: > 0 } reasoning)
        {
            contents = new ContentList(new TextReasoningContent(reasoning) { RawRepresentation = chunk });
        }

        if (chunk.Content is { Length: > 0 } text)
        {
            var content = new TextContent(text) { RawRepresentation = chunk };
            if (contents is null)
            {
                contents = new ContentList(content);
            }
            else
            {
                contents.Add(content);
            }
        }

        ChatFinishReason? finish = null;
        if (chunk.FinishReason is not null)
        {
            finish = OpenAIResponseMapper.ToFinishReason(chunk.FinishReason);
            FlushPending(ref contents, chunk);
        }

        if (contents is null && finish is null)
        {
            return null;
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            AdditionalProperties = chunk.Logprobs is { } logprobs
                ? new AdditionalPropertiesDictionary { [OpenAIPropertyKeys.Logprobs] = logprobs }
                : null,
            ResponseId = chunk.Id,
            MessageId = chunk.Id,
            ModelId = chunk.Model,
            CreatedAt = WireValues.UnixSeconds(chunk.Created),
            FinishReason = finish,
            RawRepresentation = chunk,
        };
    }

    /// <summary>Called at <c>[DONE]</c>: emits calls that never saw a finish reason and the usage, if any.</summary>
    public override ChatResponseUpdate? Complete()
    {
        IList<AIContent>? contents = null;
        FlushPending(ref contents, _usageChunk);
        AdditionalPropertiesDictionary? props = null;
        if (_usage is { } usage)
        {
            (contents ??= []).Add(new UsageContent(OpenAIResponseMapper.ToUsage(usage, compat)) { RawRepresentation = usage });
            if (usage.Cost is { } cost)
            {
                props = new AdditionalPropertiesDictionary { [AdditionalPropertyKeys.ProviderReportedCost] = cost };
            }
        }

        if (contents is null)
        {
            return null;
        }

        if (_serviceTier is not null)
        {
            (props ??= [])[OpenAIPropertyKeys.ServiceTier] = _serviceTier;
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = _lastId,
            MessageId = _lastId,
            ModelId = _lastModel,
            CreatedAt = _lastCreated,
            AdditionalProperties = props,
            RawRepresentation = _usageChunk,
        };
    }

    private void FlushPending(ref IList<AIContent>? contents, object? raw)
    {
        if (_reasoningDetails is { Count: > 0 } details)
        {
            // OpenRouter streams reasoning_details in fragments; the merged array is what must be sent back.
            var array = new JsonArray();
            foreach (var item in details)
            {
                array.Add((JsonNode)item.Build());
            }

            (contents ??= []).Add(new TextReasoningContent(string.Empty) { ProtectedData = array.ToJsonString(), RawRepresentation = raw });
            _reasoningDetails = null;
        }

        if (_refusal is { Length: > 0 })
        {
            (contents ??= []).Add(new ErrorContent(_refusal.ToString()) { ErrorCode = "refusal", RawRepresentation = raw });
            _refusal.Clear();
        }

        if (_calls.Count == 0)
        {
            return;
        }

        foreach (var call in _calls)
        {
            (contents ??= []).Add(OpenAIResponseMapper.ToFunctionCall(call.Id ?? string.Empty, call.Name ?? string.Empty, call.Arguments, call.Raw));
        }

        _calls.Clear();
        _indexToCall?.Clear();
    }

    private void AccumulateReasoningDetails(string json)
    {
        // Last value wins for a repeated property name: JsonObject throws on the duplicate.
        if (WireValues.ParseLastWins(json) is not JsonArray fragments)
        {
            return;
        }

        _reasoningDetails ??= [];
        foreach (var fragment in fragments)
        {
            if (fragment is not JsonObject piece)
            {
                continue;
            }

            var type = piece["type"] is JsonValue t && t.TryGetValue<string>(out var typeText) ? typeText : null;
            var index = piece["index"] is JsonValue i && i.TryGetValue<int>(out var indexValue) ? indexValue : (int?)null;
            var target = _reasoningDetails.Find(d => d.Type == type && d.Index == index);
            if (target is null)
            {
                _reasoningDetails.Add(new ReasoningDetail((JsonObject)piece.DeepClone(), type, index));
                continue;
            }

            foreach (var (name, value) in piece)
            {
                if (name is "text" or "summary" or "data" && value is JsonValue v && v.TryGetValue<string>(out var more)
                    && target.TryAppend(name, more))
                {
                    continue;
                }

                if (value is not null)
                {
                    target.Set(name, value.DeepClone());
                }
            }
        }
    }

    private void Accumulate(WireToolCall fragment)
    {
        var position = FindCall(fragment);
        ToolCallBuilder builder;
        if (position < 0)
        {
            builder = new ToolCallBuilder { Raw = fragment };
            _calls.Add(builder);
            position = _calls.Count - 1;
            if (fragment.Index is { } index)
            {
                (_indexToCall ??= [])[index] = position;
            }
        }
        else
        {
            builder = _calls[position];
        }

        builder.Id ??= fragment.Id;
        if (!string.IsNullOrEmpty(fragment.Function?.Name))
        {
            builder.Name ??= fragment.Function.Name;
        }

        builder.Append(fragment.Function?.Arguments);
    }

    private int FindCall(WireToolCall fragment)
    {
        if (fragment.Index is { } index && _indexToCall is not null && _indexToCall.TryGetValue(index, out var byIndex))
        {
            // A new id on a known index is a new call (servers that send every whole call at index 0).
            return fragment.Id is null || _calls[byIndex].Id is null || _calls[byIndex].Id == fragment.Id ? byIndex : -1;
        }

        if (fragment.Index is not null)
        {
            return -1;
        }

        // No index (Mistral): a new id starts a new call; a fragment without id continues the last one.
        if (fragment.Id is not null)
        {
            for (var i = 0; i < _calls.Count; i++)
            {
                if (_calls[i].Id == fragment.Id)
                {
                    return i;
                }
            }

            return -1;
        }

        return _calls.Count - 1;
    }

    private sealed class ToolCallBuilder
    {
        private StringBuilder? _builder;
        private string? _first;

        public string? Id { get; set; }

        public string? Name { get; set; }

        public object? Raw { get; init; }

        public string? Arguments => _builder?.ToString() ?? _first;

        public void Append(string? piece)
        {
            if (string.IsNullOrEmpty(piece))
            {
                return;
            }

            if (_first is null)
            {
                _first = piece;
            }
            else
            {
                (_builder ??= new StringBuilder(_first)).Append(piece);
            }
        }
    }

    /// <summary>One reasoning detail being merged: its text fields grow in builders (one copy per fragment, not the whole text
    /// again), written back into the object once, when the detail is flushed.</summary>
    private sealed class ReasoningDetail(JsonObject item, string? type, int? index)
    {
        private Dictionary<string, StringBuilder>? _texts;

        public string? Type { get; } = type;

        public int? Index { get; } = index;

        public bool TryAppend(string name, string more)
        {
            if (_texts is not null && _texts.TryGetValue(name, out var builder))
            {
                builder.Append(more);
                return true;
            }

            if (item[name] is JsonValue existing && existing.TryGetValue<string>(out var soFar))
            {
                (_texts ??= [])[name] = new StringBuilder(soFar).Append(more);
                return true;
            }

            return false;
        }

        public void Set(string name, JsonNode value)
        {
            _texts?.Remove(name);
            item[name] = value;
        }

        public JsonObject Build()
        {
            if (_texts is not null)
            {
                foreach (var (name, builder) in _texts)
                {
                    item[name] = builder.ToString();
                }
            }

            return item;
        }
    }
}
