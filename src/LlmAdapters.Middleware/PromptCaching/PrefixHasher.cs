using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>A stable hash of a prompt prefix (model, instructions, tools, messages), used to find a cache for it again.</summary>
internal static class PrefixHasher
{
    public static string Hash(string? model, ChatOptions? options, IEnumerable<ChatMessage> messages)
    {
        var text = new StringBuilder();
        text.Append("model\u001f").Append(model).Append('\u001e');
        if (options is not null)
        {
            text.Append("instructions\u001f").Append(options.Instructions).Append('\u001e');
            text.Append("toolmode\u001f").Append(options.ToolMode?.ToString()).Append('\u001e');
            foreach (var tool in options.Tools ?? [])
            {
                text.Append("tool\u001f").Append(tool.Name).Append('\u001f').Append(tool.Description);
                if (tool is AIFunctionDeclaration { JsonSchema.ValueKind: not JsonValueKind.Undefined } function)
                {
                    text.Append('\u001f').Append(function.JsonSchema.GetRawText());
                }

                text.Append('\u001e');
            }
        }

        foreach (var message in messages)
        {
            text.Append("message\u001f").Append(message.Role.Value).Append('\u001f').Append(message.AuthorName).Append('\u001e');
            foreach (var content in message.Contents)
            {
                AppendContent(text, content);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void AppendContent(StringBuilder text, AIContent content)
    {
        text.Append(content.GetType().Name).Append('\u001f');
        switch (content)
        {
            case TextContent t:
                text.Append(t.Text);
                break;
            case TextReasoningContent r:
                text.Append(r.Text).Append('\u001f').Append(r.ProtectedData);
                break;
            case FunctionCallContent call:
                text.Append(call.CallId).Append('\u001f').Append(call.Name);
                foreach (var (key, value) in call.Arguments ?? new Dictionary<string, object?>())
                {
                    text.Append('\u001f').Append(key).Append('=').Append(value?.ToString());
                }

                break;
            case FunctionResultContent result:
                text.Append(result.CallId).Append('\u001f').Append(result.Result?.ToString());
                break;
            case DataContent data:
                text.Append(data.MediaType).Append('\u001f').Append(Convert.ToHexStringLower(SHA256.HashData(data.Data.Span)));
                break;
            case UriContent uri:
                text.Append(uri.MediaType).Append('\u001f').Append(uri.Uri);
                break;
        }

        text.Append('\u001e');
    }
}
