namespace LlmAdapters.OpenAI.Wire;

/// <summary>
/// One decoded <c>chat.completion.chunk</c> (or a whole non-streaming <c>chat.completion</c>, whose <c>message</c> is read like a delta): only the fields the adapter uses, read straight from the UTF-8 bytes.
/// It is the <c>RawRepresentation</c> of the updates made from it. Kept small because one is allocated per delta:
/// the fields most chunks lack (reasoning, refusal, tool calls, usage, error) live in a lazily created extension.
/// </summary>
internal sealed class OpenAIStreamChunk
{
    public static readonly OpenAIStreamChunk Done = new() { IsDone = true };

    private Extras? _extras;

    public bool IsDone { get; init; }

    public bool HasChoice { get; set; }

    public string? Id { get; set; }

    public string? Model { get; set; }

    public long Created { get; set; }

    public string? Content { get; set; }

    public string? FinishReason { get; set; }

    /// <summary>Gets or sets the <c>service_tier</c> the provider used (OpenAI).</summary>
    public string? ServiceTier { get; set; }

    public string? Reasoning
    {
        get => _extras?.Reasoning;
        set => Ensure(value is not null)?.Reasoning = value;
    }

    public string? Refusal
    {
        get => _extras?.Refusal;
        set => Ensure(value is not null)?.Refusal = value;
    }

    public List<WireToolCall>? ToolCalls
    {
        get => _extras?.ToolCalls;
        set => Ensure(value is not null)?.ToolCalls = value;
    }

    public WireUsage? Usage
    {
        get => _extras?.Usage;
        set => Ensure(value is not null)?.Usage = value;
    }

    /// <summary>Gets or sets <c>reasoning_details</c> (OpenRouter) as raw JSON array text.</summary>
    public string? ReasoningDetails
    {
        get => _extras?.ReasoningDetails;
        set => Ensure(value is not null)?.ReasoningDetails = value;
    }

    /// <summary>Gets or sets the choice's <c>logprobs</c> object, when the provider returned one.</summary>
    public System.Text.Json.JsonElement? Logprobs
    {
        get => _extras?.Logprobs;
        set => Ensure(value is not null)?.Logprobs = value;
    }

    public ProviderErrorInfo? Error
    {
        get => _extras?.Error;
        set => Ensure(value is not null)?.Error = value;
    }

    public override string ToString() =>
        IsDone ? "[DONE]" : $"chat.completion.chunk {Id} (content: {Content?.Length ?? 0} chars, finish: {FinishReason ?? "none"})";

    private Extras? Ensure(bool needed) => needed ? _extras ??= new Extras() : _extras;

    private sealed class Extras
    {
        public string? Reasoning { get; set; }

        public string? Refusal { get; set; }

        public List<WireToolCall>? ToolCalls { get; set; }

        public WireUsage? Usage { get; set; }

        public ProviderErrorInfo? Error { get; set; }

        public string? ReasoningDetails { get; set; }

        public System.Text.Json.JsonElement? Logprobs { get; set; }
    }
}
