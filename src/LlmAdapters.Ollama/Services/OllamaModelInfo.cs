using System;
using System.Collections.Generic;

namespace LlmAdapters.Ollama;

/// <summary>A model an Ollama server has, as <c>GET /api/tags</c> lists it.</summary>
/// <param name="Name">The model name with its tag, for example <c>llama3.2:latest</c>.</param>
public sealed record OllamaModelInfo(string Name)
{
    /// <summary>Gets when the model was last pulled or changed.</summary>
    public DateTimeOffset? ModifiedAt { get; init; }

    /// <summary>Gets the size on disk, in bytes.</summary>
    public long? Size { get; init; }

    /// <summary>Gets the content digest.</summary>
    public string? Digest { get; init; }

    /// <summary>Gets the model family, for example <c>llama</c>.</summary>
    public string? Family { get; init; }

    /// <summary>Gets the parameter count as the server writes it, for example <c>3.2B</c>.</summary>
    public string? ParameterSize { get; init; }

    /// <summary>Gets the quantization, for example <c>Q4_K_M</c>.</summary>
    public string? QuantizationLevel { get; init; }

    /// <summary>Gets what the model can do (<c>completion</c>, <c>tools</c>, <c>thinking</c>, <c>vision</c>, <c>embedding</c> …),
    /// when the server lists it here; <see cref="OllamaModelService.ShowModelAsync"/> always does.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];
}
