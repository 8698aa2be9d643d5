using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmAdapters;

/// <summary>An option or input a model cannot honour, as found by <see cref="ModelCapabilityValidator"/>.</summary>
/// <param name="Option">The <c>ChatOptions</c> member or input kind, for example <c>Tools</c> or <c>image input</c>.</param>
/// <param name="Message">What the model cannot do and what to change.</param>
public sealed record ModelCapabilityIssue(string Option, string Message);

/// <summary>
/// Compares a request with what the <see cref="ModelCatalog"/> knows about its model, so a caller learns before any
/// I/O that, for example, tools were sent to a model without tool support.
/// </summary>
public static partial class ModelCapabilityValidator
{
    /// <summary>Lists the options and inputs <paramref name="model"/> cannot honour.</summary>
    /// <param name="model">The catalog entry.</param>
    /// <param name="options">The request options.</param>
    /// <param name="messages">The conversation, to check image, audio and PDF inputs; optional.</param>
    /// <returns>The issues; empty when the request fits the model.</returns>
    public static IReadOnlyList<ModelCapabilityIssue> Validate(ModelInfo model, ChatOptions? options, IEnumerable<ChatMessage>? messages = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var issues = new List<ModelCapabilityIssue>();
        var caps = model.Capabilities;
        if (caps.Embeddings)
        {
            issues.Add(new("ModelId", $"{model} is an embedding model; use it through an IEmbeddingGenerator, not a chat client."));
        }

        if (options is not null)
        {
            if (options.Tools is { Count: > 0 } && !caps.Tools)
            {
                issues.Add(new("Tools", $"{model} does not support tool calling; remove ChatOptions.Tools or choose a model with tool support."));
            }

            if (options.AllowMultipleToolCalls == true && !caps.ParallelTools)
            {
                issues.Add(new("AllowMultipleToolCalls", $"{model} does not make parallel tool calls; leave ChatOptions.AllowMultipleToolCalls unset."));
            }

            if (options.ResponseFormat is ChatResponseFormatJson { Schema: not null } && !caps.JsonSchema)
            {
                issues.Add(new("ResponseFormat", $"{model} does not support JSON-schema output; use ChatResponseFormat.Json without a schema or choose another model."));
            }

            if ((options.Reasoning is not null || options.AdditionalProperties?.ContainsKey(AdditionalPropertyKeys.ReasoningBudgetTokens) == true) && !caps.Reasoning)
            {
                issues.Add(new("Reasoning", $"{model} is not a reasoning model; remove the reasoning options."));
            }

            if (options.MaxOutputTokens is { } max && model.MaxOutputTokens is { } limit && max > limit)
            {
                issues.Add(new("MaxOutputTokens", $"ChatOptions.MaxOutputTokens is {max}, but {model} produces at most {limit} output tokens."));
            }
        }

        if (messages is not null)
        {
            bool image = false, audio = false, pdf = false;
            foreach (var content in messages.SelectMany(m => m.Contents))
            {
                var mediaType = content switch
                {
                    DataContent data => data.MediaType,
                    UriContent uri => uri.MediaType,
                    _ => null,
                };
                image |= mediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true;
                audio |= mediaType?.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) == true;
                pdf |= string.Equals(mediaType, "application/pdf", StringComparison.OrdinalIgnoreCase);
            }

            if (image && !caps.Vision)
            {
                issues.Add(new("image input", $"{model} does not accept images; remove the image contents or choose a vision model."));
            }

            if (audio && !caps.Audio)
            {
                issues.Add(new("audio input", $"{model} does not accept audio; remove the audio contents or choose an audio model."));
            }

            if (pdf && !caps.Pdf)
            {
                issues.Add(new("PDF input", $"{model} does not accept PDF documents; extract the text first or choose a model with PDF support."));
            }
        }

        return issues;
    }

    /// <summary>Validates a request and reports the issues: in strict mode by throwing, otherwise as warnings.</summary>
    /// <param name="model">The catalog entry.</param>
    /// <param name="options">The request options.</param>
    /// <param name="messages">The conversation; optional.</param>
    /// <param name="logger">Receives one warning per issue when not strict; optional.</param>
    /// <param name="strict">Throw instead of warning.</param>
    /// <returns>The issues found.</returns>
    /// <exception cref="ArgumentException">In strict mode, when there is at least one issue.</exception>
    public static IReadOnlyList<ModelCapabilityIssue> Check(ModelInfo model, ChatOptions? options, IEnumerable<ChatMessage>? messages, ILogger? logger, bool strict)
    {
        var issues = Validate(model, options, messages);
        if (issues.Count == 0)
        {
            return issues;
        }

        if (strict)
        {
            throw new ArgumentException(string.Join(" ", issues.Select(i => i.Message)), nameof(options));
        }

        if (logger is not null)
        {
            foreach (var issue in issues)
            {
                LogIssue(logger, model.ToString(), issue.Option, issue.Message);
            }
        }

        return issues;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} cannot honour {Option}: {Detail}")]
    private static partial void LogIssue(ILogger logger, string model, string option, string detail);
}
