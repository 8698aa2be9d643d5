using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmAdapters.Ollama;

/// <summary>One model's details, as <c>POST /api/show</c> reports them.</summary>
/// <param name="Model">The model asked about.</param>
public sealed record OllamaModelDetails(string Model)
{
    /// <summary>Gets the architecture (<c>general.architecture</c>), for example <c>llama</c> or <c>qwen3</c>.</summary>
    public string? Architecture { get; init; }

    /// <summary>Gets the context length the model was trained with, in tokens. A call loads the model with <c>num_ctx</c>
    /// tokens (<see cref="OllamaPropertyKeys.NumCtx"/>), which may be less.</summary>
    public int? ContextLength { get; init; }

    /// <summary>Gets the width of the model's embeddings.</summary>
    public int? EmbeddingLength { get; init; }

    /// <summary>Gets what the model can do: <c>completion</c>, <c>tools</c>, <c>thinking</c>, <c>vision</c>, <c>embedding</c>,
    /// <c>insert</c> ….</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets the model family.</summary>
    public string? Family { get; init; }

    /// <summary>Gets the parameter count as the server writes it, for example <c>8.2B</c>.</summary>
    public string? ParameterSize { get; init; }

    /// <summary>Gets the quantization, for example <c>Q4_K_M</c>.</summary>
    public string? QuantizationLevel { get; init; }

    /// <summary>Gets when the model was last changed.</summary>
    public DateTimeOffset? ModifiedAt { get; init; }

    /// <summary>Gets a value indicating whether the model can call tools.</summary>
    public bool SupportsTools => Capabilities.Contains("tools");

    /// <summary>Gets a value indicating whether the model can think (<c>think</c>).</summary>
    public bool SupportsThinking => Capabilities.Contains("thinking");

    /// <summary>Gets a value indicating whether the model reads images.</summary>
    public bool SupportsVision => Capabilities.Contains("vision");
}
