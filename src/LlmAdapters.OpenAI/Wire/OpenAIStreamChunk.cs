using System.Collections.Generic;
using System.Text.Json;

namespace LlmAdapters.OpenAI.Wire;

/// <summary>
/// One decoded <c>chat.completion.chunk</c> (or a whole non-streaming <c>chat.completion</c>, whose <c>message</c> is read like a delta): only the fields the adapter uses, read straight from the UTF-8 bytes.
/// It is the <c>RawRepresentation</c> of the updates made from it. Kept to three references because one is allocated per
/// delta: the id, model, creation time and service tier every chunk repeats live in a <see cref="OpenAIChunkHead"/> shared
/// by the chunks that repeat them unchanged, and the fields most chunks lack (finish reason, reasoning, refusal, tool
/// calls, usage, error) in a lazily created extension.
/// </summary>
internal sealed class OpenAIStreamChunk
{
    /// <summary>The <c>[DONE]</c> event.</summary>
    public static readonly OpenAIStreamChunk Done = new();

    private Extras? _extras;

    /// <summary>Gets a value indicating whether this is the <c>[DONE]</c> event.</summary>
    public bool IsDone => ReferenceEquals(this, Done);

    /// <summary>Gets or sets the fields the chunk shares with its neighbours (id, model, created, service tier).</summary>
    public OpenAIChunkHead Head { get; set; } = OpenAIChunkHead.Empty;

    /// <summary>Gets or sets a value indicating whether the chunk held a choice (the usage-only chunk and Azure's
    /// <c>prompt_filter_results</c> chunk hold none).</summary>
    public bool HasChoice
    {
        get => _extras?.NoChoice != true;
        set
        {
            if (!value)
            {
                Ensure(true)!.NoChoice = true;
            }
            else if (_extras is not null)
            {
                _extras.NoChoice = false;
            }
        }
    }

    public string? Id => Head.Id;

    public string? Model => Head.Model;

    public long Created => Head.Created;

    /// <summary>Gets the <c>service_tier</c> the provider used (OpenAI).</summary>
    public string? ServiceTier => Head.ServiceTier;

    public string? Content { get; set; }

    public string? FinishReason
    {
        get => _extras?.FinishReason;
        set => Ensure(value is not null)?.FinishReason = value;
    }

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
    public JsonElement? Logprobs
    {
        get => _extras?.Logprobs is JsonElement logprobs ? logprobs : null;
        set => Ensure(value is not null)?.Logprobs = value;
    }

    public ProviderErrorInfo? Error
    {
        get => _extras?.Error is ProviderErrorInfo error ? error : null;
        set => Ensure(value is not null)?.Error = value;
    }

    public override string ToString() =>
        IsDone ? "[DONE]" : $"chat.completion.chunk {Id} (content: {Content?.Length ?? 0} chars, finish: {FinishReason ?? "none"})";

    private Extras? Ensure(bool needed) => needed ? _extras ??= new Extras() : _extras;

    private sealed class Extras
    {
        public string? FinishReason { get; set; }

        public string? Reasoning { get; set; }

        public string? Refusal { get; set; }

        public List<WireToolCall>? ToolCalls { get; set; }

        public WireUsage? Usage { get; set; }

        public string? ReasoningDetails { get; set; }

        // Boxed: rare, and inline they would double the size of this object.
        public object? Error { get; set; }

        public object? Logprobs { get; set; }

        public bool NoChoice { get; set; }
    }
}

/// <summary>The fields every chunk of a stream repeats: one instance serves the chunks that repeat them unchanged.</summary>
/// <param name="Id">The completion id.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="Created">The creation time in Unix seconds, or 0.</param>
/// <param name="ServiceTier">The <c>service_tier</c>, when reported.</param>
internal sealed record OpenAIChunkHead(string? Id, string? Model, long Created, string? ServiceTier)
{
    /// <summary>No id, model, time or tier.</summary>
    public static readonly OpenAIChunkHead Empty = new(null, null, 0, null);

    /// <summary>Returns this head when it holds the same values (the strings compared by reference: the decoder reuses
    /// them while their bytes repeat), else a new one.</summary>
    public OpenAIChunkHead With(string? id, string? model, long created, string? serviceTier) =>
        ReferenceEquals(id, Id) && ReferenceEquals(model, Model) && created == Created && ReferenceEquals(serviceTier, ServiceTier)
            ? this
            : new OpenAIChunkHead(id, model, created, serviceTier);
}
