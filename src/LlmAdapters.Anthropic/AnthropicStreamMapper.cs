using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using LlmAdapters.Anthropic.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Anthropic;

/// <summary>
/// Messages stream events → <see cref="ChatResponseUpdate"/>s. Holds the state one stream needs (tool input JSON
/// per block index, usage, stop reason); create one per stream. No I/O.
/// </summary>
internal sealed class AnthropicStreamMapper(string? structuredOutputTool) : StreamMapper<AnthropicStreamEvent>
{
    private readonly Dictionary<int, BlockState> _blocks = [];
    private CitedText? _cited;
    private string? _responseId;
    private string? _modelId;
    private string? _stopReason;
    private string? _stopSequence;
    private int? _inputTokens;
    private int? _outputTokens;
    private int? _cacheRead;
    private int? _cacheWrite;
    private int? _cacheWrite5m;
    private int? _cacheWrite1h;
    private int? _thinkingTokens;
    private AnthropicStreamEvent? _stop;

    public override string TerminalEvent => "message_stop";

    public override bool TryGetError(AnthropicStreamEvent chunk, out ProviderErrorInfo error)
    {
        // An error after the 200 (for example overloaded_error): what was yielded stays yielded.
        var isError = ReferenceEquals(chunk.Type, AnthropicStreamEvent.Error);
        error = isError ? AnthropicErrors.FromWire(chunk.Body?.Error) : default;
        return isError;
    }

    /// <summary>Maps one event; returns <see langword="null"/> for events that carry nothing for the caller.</summary>
    public override ChatResponseUpdate? FromStreamEvent(AnthropicStreamEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);

        // Almost every event is a text delta: take that path before any string comparison.
        if (ReferenceEquals(evt.Type, AnthropicStreamEvent.ContentBlockDelta) && ReferenceEquals(evt.DeltaType, AnthropicStreamEvent.TextDelta))
        {
            if (_cited is { } cited && cited.Index == evt.Index)
            {
                cited.Text.Append(evt.Value);
            }

            return Update(evt, new TextContent(evt.Value) { RawRepresentation = evt });
        }

        switch (evt.Type)
        {
            case AnthropicStreamEvent.ContentBlockDelta:
                return OnDelta(evt);
            case AnthropicStreamEvent.MessageStart:
                return OnMessageStart(evt);
            case AnthropicStreamEvent.ContentBlockStart:
                return OnBlockStart(evt);
            case AnthropicStreamEvent.ContentBlockStop:
                return OnBlockStop(evt);
            case AnthropicStreamEvent.MessageDelta:
                OnMessageDelta(evt.Body!);
                return null;
            case AnthropicStreamEvent.MessageStop:
                // The closing update (usage, finish) is built by Complete, after the session saw the terminal event.
                _stop = evt;
                IsComplete = true;
                StopReading = true;
                return null;
            default:
                // ping, and event types this library does not know yet.
                return null;
        }
    }

    private ChatResponseUpdate? OnDelta(AnthropicStreamEvent evt)
    {
        AIContent content;
        switch (evt.DeltaType)
        {
            case AnthropicStreamEvent.TextDelta:
                content = new TextContent(evt.Value) { RawRepresentation = evt };
                break;
            case AnthropicStreamEvent.ThinkingDelta:
                content = new TextReasoningContent(evt.Value) { RawRepresentation = evt };
                break;
            case AnthropicStreamEvent.SignatureDelta:
                // The signature closes the thinking block; the request mapper rejoins it with the streamed text.
                content = AnthropicResponseMapper.Reasoning(string.Empty, evt.Value, redacted: false, evt);
                break;
            case AnthropicStreamEvent.InputJsonDelta:
                if (!_blocks.TryGetValue(evt.Index, out var block))
                {
                    return null;
                }

                block.Json.Append(evt.Value);
                if (!block.IsStructuredOutput || string.IsNullOrEmpty(evt.Value))
                {
                    return null;
                }

                content = new TextContent(evt.Value) { RawRepresentation = evt };
                break;
            case AnthropicStreamEvent.CitationsDelta when evt.Citation is { } citation:
                // Citations come before the text they cite; they go out with the whole block at content_block_stop.
                CitedBlock(evt.Index, null).Citations.Add(citation.Clone());
                return null;
            default:
                content = new AIContent { RawRepresentation = evt };
                break;
        }

        return Update(evt, content);
    }

    private ChatResponseUpdate OnMessageStart(AnthropicStreamEvent evt)
    {
        if (evt.Body?.Message is { } message)
        {
            _responseId = message.Id ?? _responseId;
            _modelId = message.Model ?? _modelId;
            if (message.Usage is { } usage)
            {
                TakeUsage(usage);
            }
        }

        return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = _responseId,
            MessageId = _responseId,
            ModelId = _modelId,
            RawRepresentation = evt,
        };
    }

    private ChatResponseUpdate? OnBlockStart(AnthropicStreamEvent evt)
    {
        var block = evt.Body?.ContentBlock;
        if (block is null)
        {
            return null;
        }

        switch (block.Type)
        {
            case "text":
                if (block.Citations is not null)
                {
                    // "citations":[] marks a block whose citations follow as citations_delta events.
                    var cited = CitedBlock(evt.Index, block);
                    cited.Citations.AddRange(block.Citations);
                    cited.Text.Append(block.Text);
                }

                return string.IsNullOrEmpty(block.Text) ? null : Update(evt, new TextContent(block.Text) { RawRepresentation = evt });

            case "thinking":
                return string.IsNullOrEmpty(block.Thinking) && string.IsNullOrEmpty(block.Signature)
                    ? null
                    : Update(evt, AnthropicResponseMapper.Reasoning(block.Thinking ?? string.Empty, string.IsNullOrEmpty(block.Signature) ? null : block.Signature, redacted: false, evt));

            case "redacted_thinking":
                return Update(evt, AnthropicResponseMapper.FromBlock(block, null));

            default:
                // tool_use and unknown blocks (server tool use, search results) are emitted whole at content_block_stop.
                _blocks[evt.Index] = new BlockState(block, block.Type == "tool_use" && block.Name == structuredOutputTool && structuredOutputTool is not null);
                return null;
        }
    }

    private ChatResponseUpdate? OnBlockStop(AnthropicStreamEvent evt)
    {
        if (_cited is { } cited && cited.Index == evt.Index)
        {
            _cited = null;
            return cited.Citations.Count == 0 ? null : Update(evt, CitedTextEnd(cited));
        }

        if (!_blocks.Remove(evt.Index, out var state))
        {
            return null;
        }

        var block = state.Block;
        if (state.Json.Length > 0)
        {
            try
            {
                block.Input = JsonDocument.Parse(state.Json.ToString()).RootElement;
            }
            catch (JsonException ex) when (block.Type == "tool_use" && !state.IsStructuredOutput)
            {
                return Update(evt, new FunctionCallContent(block.Id ?? string.Empty, block.Name ?? string.Empty)
                {
                    Exception = new InvalidOperationException($"The tool input streamed for '{block.Name}' is not valid JSON: {ex.Message}", ex),
                    RawRepresentation = block,
                });
            }
            catch (JsonException)
            {
                // Another block type whose streamed input is not JSON: keep the text as received rather than drop it.
                (block.ExtensionData ??= [])["partial_json"] = JsonSerializer.SerializeToElement(state.Json.ToString(), AnthropicJsonContext.Default.String);
            }
        }

        // The structured-output text already went out as deltas.
        return state.IsStructuredOutput ? null : Update(evt, AnthropicResponseMapper.FromBlock(block, null));
    }

    private CitedText CitedBlock(int index, ResponseBlock? start)
    {
        if (_cited is not { } cited || cited.Index != index)
        {
            _cited = cited = new CitedText(index, start);
        }

        return cited;
    }

    /// <summary>
    /// The end of a cited text block: an empty <see cref="TextContent"/> with the block's citations, whose raw
    /// representation is the whole block as the non-streamed response has it. Microsoft.Extensions.AI's
    /// <c>ToChatResponse</c> merges plain text pieces but keeps annotated ones apart (raw representation included), so
    /// after coalescing this content still tells the request mapper which text the citations belong to, and the block
    /// goes back in history with its citations (encrypted_index included), exactly as a non-streamed answer does.
    /// </summary>
    private static TextContent CitedTextEnd(CitedText cited)
    {
        var block = new ResponseBlock { Type = "text", Text = cited.Text.ToString(), Citations = cited.Citations };
        if (cited.Start?.ExtensionData is { } extra)
        {
            block.ExtensionData = extra;
        }

        return new TextContent(string.Empty)
        {
            Annotations = [.. cited.Citations.ConvertAll(c => (AIAnnotation)AnthropicResponseMapper.ToCitation(c))],
            RawRepresentation = block,
        };
    }

    private void OnMessageDelta(WireStreamEvent body)
    {
        _stopReason = body.Delta?.StopReason ?? _stopReason;
        _stopSequence = body.Delta?.StopSequence ?? _stopSequence;
        if (body.Usage is { } usage)
        {
            // message_delta usage is cumulative: the latest value of each count wins.
            TakeUsage(usage);
        }
    }

    /// <summary>The closing update after <c>message_stop</c>: finish reason, stop sequence and the cumulative usage.</summary>
    public override ChatResponseUpdate? Complete() => _stop is { } evt ? OnMessageStop(evt) : null;

    private ChatResponseUpdate OnMessageStop(AnthropicStreamEvent evt)
    {
        var usage = AnthropicResponseMapper.ToUsage(_inputTokens, _outputTokens, _cacheRead, _cacheWrite, _cacheWrite5m, _cacheWrite1h, _thinkingTokens);
        var update = new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = _responseId,
            MessageId = _responseId,
            ModelId = _modelId,
            FinishReason = AnthropicResponseMapper.ToFinishReason(_stopReason, structuredOutputTool is not null),
            Contents = [new UsageContent(usage)],
            RawRepresentation = evt,
        };

        if (_stopSequence is not null)
        {
            update.AdditionalProperties = new() { [AnthropicPropertyKeys.StopSequence] = _stopSequence };
        }

        return update;
    }

    private void TakeUsage(WireUsage usage)
    {
        _inputTokens = usage.InputTokens ?? _inputTokens;
        _outputTokens = usage.OutputTokens ?? _outputTokens;
        _cacheRead = usage.CacheReadInputTokens ?? _cacheRead;
        _cacheWrite = usage.CacheCreationInputTokens ?? _cacheWrite;
        _cacheWrite5m = usage.CacheCreation?.Ephemeral5mInputTokens ?? _cacheWrite5m;
        _cacheWrite1h = usage.CacheCreation?.Ephemeral1hInputTokens ?? _cacheWrite1h;
        _thinkingTokens = usage.OutputTokensDetails?.ThinkingTokens ?? _thinkingTokens;
    }

    private ChatResponseUpdate Update(AnthropicStreamEvent evt, AIContent content) => new()
    {
        Role = ChatRole.Assistant,
        ResponseId = _responseId,
        MessageId = _responseId,
        ModelId = _modelId,
        Contents = new ContentList(content),
        RawRepresentation = evt,
    };

    /// <summary>The open text block that carries citations: its text so far and its citations.</summary>
    private sealed class CitedText(int index, ResponseBlock? start)
    {
        public int Index { get; } = index;

        public ResponseBlock? Start { get; } = start;

        public List<JsonElement> Citations { get; } = [];

        public StringBuilder Text { get; } = new();
    }

    private sealed class BlockState(ResponseBlock block, bool isStructuredOutput)
    {
        public ResponseBlock Block { get; } = block;

        public bool IsStructuredOutput { get; } = isStructuredOutput;

        public StringBuilder Json { get; } = new();
    }
}
