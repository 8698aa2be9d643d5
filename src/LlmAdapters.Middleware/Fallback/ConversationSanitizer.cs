using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware;

/// <summary>
/// Prepares a conversation for a different provider: removes or converts what only the provider that produced it
/// understands — signed or redacted reasoning (<see cref="TextReasoningContent.ProtectedData"/>), thought signatures
/// (<see cref="AdditionalPropertyKeys.ThoughtSignature"/>), raw provider objects and provider-only content types —
/// so the next provider never rejects the request over foreign artefacts. The input is never modified.
/// </summary>
public static class ConversationSanitizer
{
    /// <summary>Returns the conversation as <paramref name="targetProvider"/> can accept it.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="targetProvider">The provider the conversation goes to (<c>ChatClientMetadata.ProviderName</c>).</param>
    /// <param name="reasoning">How foreign reasoning is handed over.</param>
    /// <returns>The sanitised messages: unchanged instances where nothing was foreign, copies otherwise.</returns>
    /// <remarks>A content is foreign when its <see cref="AdditionalPropertyKeys.OriginProvider"/> (or its message's) names
    /// another provider; content without an origin is treated as foreign only for the provider-specific state it carries.</remarks>
    public static IList<ChatMessage> ForProvider(IEnumerable<ChatMessage> messages, string? targetProvider, ReasoningHandoff reasoning = ReasoningHandoff.Drop)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var target = ModelCatalog.ToCatalogProvider(targetProvider);
        var result = new List<ChatMessage>();
        foreach (var message in messages)
        {
            var messageOrigin = Origin(message.AdditionalProperties);
            var contents = new List<AIContent>(message.Contents.Count);
            var changed = false;
            foreach (var content in message.Contents)
            {
                var origin = Origin(content.AdditionalProperties) ?? messageOrigin;
                if (origin is not null && ModelCatalog.ToCatalogProvider(origin) == target)
                {
                    contents.Add(content);
                    continue;
                }

                var converted = Convert(content, reasoning);
                changed |= !ReferenceEquals(converted, content);
                if (converted is not null)
                {
                    contents.Add(converted);
                }
            }

            var foreignMessage = messageOrigin is not null && ModelCatalog.ToCatalogProvider(messageOrigin) != target;
            if (!changed && !foreignMessage && message.RawRepresentation is null)
            {
                result.Add(message);
                continue;
            }

            if (contents.Count == 0 && message.Contents.Count > 0)
            {
                continue; // nothing the target can use is left (for example a turn that only held signed reasoning)
            }

            result.Add(new ChatMessage(message.Role, contents)
            {
                AuthorName = message.AuthorName,
                CreatedAt = message.CreatedAt,
                MessageId = message.MessageId,
                AdditionalProperties = StripProperties(message.AdditionalProperties),
            });
        }

        return result;
    }

    private static string? Origin(AdditionalPropertiesDictionary? properties) =>
        properties is not null && properties.TryGetValue(AdditionalPropertyKeys.OriginProvider, out var value) ? value as string : null;

    private static AIContent? Convert(AIContent content, ReasoningHandoff reasoning)
    {
        var hasForeignState = content.RawRepresentation is not null
            || (content.AdditionalProperties is { } props && (props.ContainsKey(AdditionalPropertyKeys.ThoughtSignature) || props.ContainsKey(AdditionalPropertyKeys.OriginProvider)));
        switch (content)
        {
            case TextReasoningContent r:
                if (r.ProtectedData is null && !hasForeignState)
                {
                    return r; // plain reasoning text any provider can take
                }

                if (reasoning == ReasoningHandoff.Drop || string.IsNullOrEmpty(r.Text))
                {
                    return null; // signed or redacted reasoning only its own provider can verify
                }

                return reasoning == ReasoningHandoff.ConvertToText
                    ? Copy(r, new TextContent(r.Text))
                    : Copy(r, new TextReasoningContent(r.Text));
            case UsageContent:
                return null;
        }

        if (!hasForeignState)
        {
            return content;
        }

        return content switch
        {
            TextContent t => Copy(t, new TextContent(t.Text)),
            FunctionCallContent f => Copy(f, new FunctionCallContent(f.CallId, f.Name, f.Arguments)),
            FunctionResultContent f => Copy(f, new FunctionResultContent(f.CallId, f.Result)),
            DataContent d => Copy(d, new DataContent(d.Uri, d.MediaType) { Name = d.Name }),
            UriContent u => Copy(u, new UriContent(u.Uri, u.MediaType)),
            ErrorContent e => Copy(e, new ErrorContent(e.Message) { ErrorCode = e.ErrorCode, Details = e.Details }),

            // Provider-only content (hosted tool calls, unknown blocks kept as RawRepresentation): no other provider can take it.
            _ => null,
        };
    }

    private static T Copy<T>(AIContent source, T target)
        where T : AIContent
    {
        target.AdditionalProperties = StripProperties(source.AdditionalProperties);
        target.Annotations = source.Annotations;
        return target;
    }

    private static AdditionalPropertiesDictionary? StripProperties(AdditionalPropertiesDictionary? properties)
    {
        if (properties is null)
        {
            return null;
        }

        var copy = new AdditionalPropertiesDictionary(properties);
        copy.Remove(AdditionalPropertyKeys.ThoughtSignature);
        copy.Remove(AdditionalPropertyKeys.OriginProvider);
        return copy.Count == 0 ? null : copy;
    }
}
