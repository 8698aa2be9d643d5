using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace LlmAdapters.OpenAI;

/// <summary>
/// The token cost of function definitions, per OpenAI's counting guide: a fixed cost per function and for the list,
/// <c>name:description</c> of each function (a final period dropped), and per parameter <c>name:type:description</c> plus
/// fixed costs for the property list, each key and each enum value.
/// </summary>
internal static class OpenAIToolTokenRules
{
    private const int PropertiesInit = 3;
    private const int PropertyKey = 3;
    private const int EnumInit = -3;
    private const int EnumItem = 3;
    private const int ListEnd = 12;

    public static int Count(Tokenizer tokenizer, string model, IList<AITool> tools)
    {
        // GPT-4o and later models frame each function with 7 tokens, GPT-4 and GPT-3.5 with 10.
        var functionInit = OpenAITokenCounter.TokenizerFor(model) == OpenAITokenCounter.TokenizerFor("gpt-4") && !model.StartsWith("gpt-4o", StringComparison.OrdinalIgnoreCase) ? 10 : 7;
        var total = 0;
        foreach (var tool in tools)
        {
            if (tool is not AIFunctionDeclaration function)
            {
                continue;
            }

            total += functionInit + tokenizer.CountTokens($"{function.Name}:{TrimPeriod(function.Description)}");
            if (function.JsonSchema.ValueKind == JsonValueKind.Object
                && function.JsonSchema.TryGetProperty("properties", out var properties)
                && properties.ValueKind == JsonValueKind.Object
                && properties.EnumerateObject().Any())
            {
                total += PropertiesInit;
                foreach (var property in properties.EnumerateObject())
                {
                    total += PropertyKey;
                    if (property.Value.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
                    {
                        total += EnumInit;
                        foreach (var value in values.EnumerateArray())
                        {
                            total += EnumItem + tokenizer.CountTokens(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
                        }
                    }

                    var type = property.Value.TryGetProperty("type", out var t) ? t.ToString() : string.Empty;
                    var description = property.Value.TryGetProperty("description", out var d) ? d.GetString() : null;
                    total += tokenizer.CountTokens($"{property.Name}:{type}:{TrimPeriod(description)}");
                }
            }
        }

        return total == 0 ? 0 : total + ListEnd;
    }

    private static string TrimPeriod(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : text.EndsWith('.') ? text[..^1] : text;
}
