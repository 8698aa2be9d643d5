using System;
using System.Collections.Generic;
using LlmAdapters.Ollama.Wire;
using LlmAdapters.Providers;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama;

/// <summary>
/// <c>/api/chat</c> stream lines → <see cref="ChatResponseUpdate"/>s. Text and thinking go out as they arrive; tool calls
/// arrive whole and go out at once; the line with <c>done: true</c> ends the stream, and its reason, usage and timings
/// make the closing update. Holds one stream's state (how many calls were seen, the final line); no I/O.
/// </summary>
/// <param name="responseId">The id every update carries as its response and message id (Ollama sends none).</param>
internal sealed class OllamaStreamMapper(string responseId) : StreamMapper<OllamaStreamChunk>
{
    private int _calls;
    private OllamaStreamChunk? _final;

    public override string TerminalEvent => "the line with \"done\": true";

    public override bool TryGetError(OllamaStreamChunk chunk, out ProviderErrorInfo error)
    {
        // Failures after the 200 arrive as a line {"error":"…"}; what was yielded stays yielded.
        var message = chunk.Error;
        error = message is null ? default : OllamaErrors.FromMessage(message);
        return message is not null;
    }

    public override ChatResponseUpdate? FromStreamEvent(OllamaStreamChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Done)
        {
            _final = chunk;
            IsComplete = true;
            StopReading = true;
        }

        var hasText = !string.IsNullOrEmpty(chunk.Content);
        var hasThinking = !string.IsNullOrEmpty(chunk.Thinking);
        var calls = chunk.Line?.Message?.ToolCalls;
        if (!hasText && !hasThinking && calls is not { Count: > 0 })
        {
            return null;
        }

        var contents = new List<AIContent>(1 + (calls?.Count ?? 0));
        if (hasThinking)
        {
            contents.Add(OllamaResponseMapper.Reasoning(chunk.Thinking!, chunk));
        }

        if (hasText)
        {
            contents.Add(new TextContent(chunk.Content) { RawRepresentation = chunk });
        }

        for (var i = 0; i < (calls?.Count ?? 0); i++)
        {
            contents.Add(OllamaResponseMapper.ToFunctionCall(calls![i], _calls++, chunk));
        }

        return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = chunk.Model,
            Contents = contents,
            RawRepresentation = chunk,
        };
    }

    /// <summary>The closing update after the final line: the finish reason, the usage and the server's timings.</summary>
    public override ChatResponseUpdate? Complete()
    {
        if (_final is not { } chunk)
        {
            return null;
        }

        var line = chunk.Line ?? new OllamaChatResponse { Done = true, Model = chunk.Model };
        var update = new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = chunk.Model,
            CreatedAt = OllamaResponseMapper.ParseTime(chunk.CreatedAt),
            FinishReason = OllamaResponseMapper.ToFinishReason(line.DoneReason, _calls > 0),
            Contents = [new UsageContent(OllamaResponseMapper.ToUsage(line))],
            AdditionalProperties = [],
            RawRepresentation = chunk,
        };
        OllamaResponseMapper.AddDurations(update.AdditionalProperties, line);
        return update;
    }
}
