namespace LlmAdapters.Ollama.Wire;

/// <summary>
/// One decoded line of a <c>/api/chat</c> stream. The common line — a piece of text or thinking — is held flattened,
/// decoded without building DTOs; a line with anything else (tool calls, images, the final metrics, an error, fields this
/// decoder does not know) also carries the whole decoded line in <see cref="Line"/>, from which the flattened fields are
/// copied. Either way the stream mapper sees the same shape.
/// </summary>
internal sealed class OllamaStreamChunk
{
    /// <summary>Gets or sets the model the line names.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the line's <c>created_at</c> text; left unset on text lines the fast path decoded.</summary>
    public string? CreatedAt { get; set; }

    /// <summary>Gets or sets <c>message.content</c>.</summary>
    public string? Content { get; set; }

    /// <summary>Gets or sets <c>message.thinking</c>.</summary>
    public string? Thinking { get; set; }

    /// <summary>Gets or sets a value indicating whether this is the final line (<c>done: true</c>).</summary>
    public bool Done { get; set; }

    /// <summary>Gets or sets the whole line, when it held more than text and thinking.</summary>
    public OllamaChatResponse? Line { get; set; }

    /// <summary>Gets the error a failure line reports, if any.</summary>
    public string? Error => Line?.Error;

    /// <summary>Builds the chunk of a fully decoded line.</summary>
    public static OllamaStreamChunk From(OllamaChatResponse line) => new()
    {
        Model = line.Model,
        CreatedAt = line.CreatedAt,
        Content = line.Message?.Content,
        Thinking = line.Message?.Thinking,
        Done = line.Done,
        Line = line,
    };
}
