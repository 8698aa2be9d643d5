using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI;

/// <summary>
/// Strict structured outputs for both OpenAI APIs: where a caller asks for them, and the schema strict mode accepts.
/// </summary>
internal static class OpenAIStrictSchemas
{
    /// <summary>The additional-properties key Microsoft.Extensions.AI's OpenAI clients read, on a function and on the options.</summary>
    public const string StrictKey = "strict";

    /// <summary>Strict-mode schemas (no additional properties, every property required, <c>default</c> moved into the
    /// description), made once per function.</summary>
    private static readonly AIJsonSchemaTransformCache Transformed = new(new AIJsonSchemaTransformOptions
    {
        DisallowAdditionalProperties = true,
        RequireAllProperties = true,
        MoveDefaultKeywordToDescription = true,
        ConvertBooleanSchemas = true,
    });

    /// <summary>
    /// A strictness setting in additional properties: <see cref="StrictKey"/>, or this library's earlier
    /// <see cref="OpenAIRequestMapper.StrictJsonSchemaKey"/>; null when neither is a bool.
    /// </summary>
    public static bool? StrictOf(IReadOnlyDictionary<string, object?>? properties) =>
        properties is null ? null
        : properties.TryGetValue(StrictKey, out var value) && value is bool strict ? strict
        : properties.TryGetValue(OpenAIRequestMapper.StrictJsonSchemaKey, out var legacy) && legacy is bool legacyStrict ? legacyStrict
        : null;

    /// <summary>Whether <paramref name="function"/> is strict: its own setting wins over the options' one, as in
    /// Microsoft.Extensions.AI's OpenAI clients; false when neither says.</summary>
    public static bool IsStrict(AIFunctionDeclaration function, bool? optionsStrict) =>
        StrictOf(function.AdditionalProperties) ?? optionsStrict ?? false;

    /// <summary>The parameters schema to send: the strict-mode form when <paramref name="strict"/>, else the function's own.</summary>
    public static JsonElement ParametersOf(AIFunctionDeclaration function, bool strict) =>
        strict ? Transformed.GetOrCreateTransformedSchema(function) : function.JsonSchema;

    /// <summary>The schema name both APIs accept: at most 64 characters of letters, digits, <c>_</c> and <c>-</c>, any
    /// other character replaced by <c>_</c>; <c>response</c> when <paramref name="name"/> is null or empty.</summary>
    public static string SchemaName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "response";
        }

        Span<char> buffer = stackalloc char[Math.Min(name.Length, 64)];
        for (var i = 0; i < buffer.Length; i++)
        {
            var c = name[i];
            buffer[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_';
        }

        return new string(buffer);
    }
}
