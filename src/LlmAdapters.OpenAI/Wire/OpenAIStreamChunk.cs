namespace LlmAdapters.OpenAI.Wire;

/// <summary>
/// One decoded <c>chat.completion.chunk</c>: only the fields the adapter uses, read straight from the UTF-8 bytes.
/// It is the <c>RawRepresentation</c> of the updates made from it.
/// </summary>
internal sealed class OpenAIStreamChunk
{
    public static readonly OpenAIStreamChunk Done = new() { IsDone = true };

    public bool IsDone { get; init; }

    public string? Id { get; set; }

    public string? Model { get; set; }

    public long Created { get; set; }

    public bool HasChoice { get; set; }

    public string? Content { get; set; }

    public string? Reasoning { get; set; }

    public string? Refusal { get; set; }

    public string? FinishReason { get; set; }

    public List<WireToolCall>? ToolCalls { get; set; }

    public WireUsage? Usage { get; set; }

    public ProviderErrorInfo? Error { get; set; }

    public override string ToString() =>
        IsDone ? "[DONE]" : $"chat.completion.chunk {Id} (content: {Content?.Length ?? 0} chars, finish: {FinishReason ?? "none"})";
}
